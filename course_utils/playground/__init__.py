"""A TensorFlow Playground inside the notebook, on top of real Keras models.

Four parts, each usable on its own:

* `PlaygroundConfig` (`config.py`): one Playground setting (data set, noise,
  input features, hidden layers, activation, learning rate, L1/L2, dropout,
  ...), checked when it is created, with Keras-style messages. The data set
  (`data.py`) sets the task: two classes, regression or three classes.
* `PlaygroundTrainer` and `train_playground` (`trainer.py`): build the network,
  train it with a Keras optimizer and the task's loss, and record the
  training and test loss after every epoch.
* `plot_playground` and `PlaygroundFigure` (`drawing.py`): every unit's map
  over the input plane in the network's layout (the neuron maps of
  `course_utils.plotting.plot_unit_maps`), the output enlarged with the data,
  and the loss curves.
* `Playground` (`widget.py`): the ipywidgets front end, redrawn in place while
  it trains.

Example:

>>> config = PlaygroundConfig(dataset="xor", features=("x1", "x2", "x1*x2"),
...                           hidden_units=(), epochs=30)
>>> result = train_playground(config, seed=0)
>>> result.test_accuracy > 0.9
True
"""

from .config import (
    PLAYGROUND_ACTIVATIONS,
    PLAYGROUND_OPTIMIZERS,
    PlaygroundConfig,
    parse_hidden_units,
)
from .data import DATASET_TASKS, playground_data
from .drawing import PlaygroundFigure, plot_playground
from .trainer import PlaygroundResult, PlaygroundTrainer, build_playground_model, train_playground
from .widget import Playground

__all__ = [
    "DATASET_TASKS",
    "PLAYGROUND_ACTIVATIONS",
    "PLAYGROUND_OPTIMIZERS",
    "Playground",
    "PlaygroundConfig",
    "PlaygroundFigure",
    "PlaygroundResult",
    "PlaygroundTrainer",
    "build_playground_model",
    "parse_hidden_units",
    "playground_data",
    "plot_playground",
    "train_playground",
]
