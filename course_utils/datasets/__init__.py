"""Small datasets generated on the spot, so the course runs offline.

* The four 2-D classification sets of the TensorFlow Playground: `make_circle`,
  `make_xor`, `make_gauss`, `make_spiral` (or `make_playground(name, ...)`),
  in the Playground's units (coordinates roughly in [-6, 6]), labels 0 or 1.
* `make_linear_regression`: targets from known true weights plus noise.
* `make_features`: the Playground's input features (x1, x2, x1^2, x1*x2,
  sin x1, ...) computed from 2-D points: the hand-made feature crosses.
* `train_test_split`: a seeded shuffle and split.
* `make_many_class`: a problem with thousands to millions of classes (item
  retrieval), for candidate sampling.
* `make_fruit_images` (one fruit per image, single-label) and
  `make_fruit_bowls` (several fruits per image, multi-hot labels): small
  RGB images drawn on the spot.

Every generator takes a `seed` and returns the same arrays for the same seed.
"""

from .digits import (
    DIGITS_CLASS_NAMES,
    DIGITS_FILE,
    DIGITS_SHA256,
    DataIntegrityError,
    data_dir,
    load_digits,
    load_mnist,
)
from .fruits import FRUIT_NAMES, make_fruit_bowls, make_fruit_images
from .synthetic import (
    PLAYGROUND_DATASETS,
    PLAYGROUND_FEATURES,
    check_feature_names,
    make_circle,
    make_features,
    make_gauss,
    make_linear_regression,
    make_many_class,
    make_playground,
    make_spiral,
    make_xor,
    train_test_split,
)

__all__ = [
    "DIGITS_FILE",
    "DIGITS_SHA256",
    "PLAYGROUND_DATASETS",
    "PLAYGROUND_FEATURES",
    "check_feature_names",
    "DIGITS_CLASS_NAMES",
    "DataIntegrityError",
    "data_dir",
    "load_digits",
    "load_mnist",
    "make_circle",
    "FRUIT_NAMES",
    "make_features",
    "make_fruit_bowls",
    "make_fruit_images",
    "make_gauss",
    "make_linear_regression",
    "make_many_class",
    "make_playground",
    "make_spiral",
    "make_xor",
    "train_test_split",
]
