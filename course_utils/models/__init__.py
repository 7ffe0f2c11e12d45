"""Builders for the networks the course trains, and tools to look inside them.

* `build_mlp`: one builder for a linear model (no hidden layer), hidden layers
  without activation, and activated hidden layers, with optional dropout,
  batch normalization and L2, and a regression, sigmoid or softmax head.
  Every hidden layer is a `Dense` layer (the weighted sums, yellow in the
  course's diagrams) followed, when there is an activation, by an
  `Activation` layer (the nonlinear transformation, pink), just as the
  material draws it.
* `collapse_linear_layers`: the single weight matrix and bias that a stack of
  linear `Dense` layers is equivalent to.
* `resolve_activation`: turns an activation name or callable into a function,
  with a message listing the valid names when the name is unknown.
* `SampledSoftmaxModel` / `build_sampled_softmax_model`: a many-class
  classifier trained with `tf.nn.sampled_softmax_loss` (candidate sampling)
  in its own `train_step`, evaluated with the full softmax.
* `build_image_classifier` / `build_multilabel_classifier`: a small network
  on flattened image pixels with a softmax head (one label per image) or a
  sigmoid head (one logistic regression per label, several labels per image).

The builders return *uncompiled* models: the notebooks call `model.compile`
and `model.fit` themselves, because those are the Keras calls to learn.
"""

from .classifiers import OneVsAllClassifier, build_image_classifier, build_multilabel_classifier
from .mlp import (
    OUTPUT_ACTIVATIONS,
    activation_names,
    activation_with_derivative,
    build_mlp,
    collapse_linear_layers,
    resolve_activation,
)
from .sampled_softmax import SampledSoftmaxModel, build_sampled_softmax_model

__all__ = [
    "OUTPUT_ACTIVATIONS",
    "OneVsAllClassifier",
    "activation_names",
    "activation_with_derivative",
    "SampledSoftmaxModel",
    "build_image_classifier",
    "build_mlp",
    "build_multilabel_classifier",
    "build_sampled_softmax_model",
    "collapse_linear_layers",
    "resolve_activation",
]
