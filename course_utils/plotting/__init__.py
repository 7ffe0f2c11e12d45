"""Plot helpers: activation curves, decision boundaries, training curves and
network diagrams drawn from real Keras models.

Every helper draws on the Axes it is given (`ax=...`) or, when `ax` is None,
on a new figure; it returns what it drew on (the Axes, or the Figure for
multi-panel helpers). None calls `plt.show()` or changes global settings.

Colours follow the course material: inputs blue, hidden (weighted-sum) nodes
yellow, activation (nonlinear transformation) nodes pink, outputs green. Data
points use the TensorFlow Playground's orange (class 0) and blue (class 1).
"""

from .activations import plot_activation
from .boundaries import plot_decision_boundary
from .classes import (
                      per_label_scores,
                      plot_class_probabilities,
                      plot_confusion_matrix,
                      plot_digits,
                      plot_image_grid,
                      plot_per_label_metrics,
)
from .networks import plot_network
from .style import CLASS_COLORS, NODE_COLORS
from .training import (
                      plot_dead_fraction,
                      plot_dropout_gap,
                      plot_gradient_norms,
                      plot_history,
                      plot_layer_gradient_norms,
)
from .units import UnitMaps, plot_unit_maps, unit_outputs

__all__ = [
    "UnitMaps",
    "plot_unit_maps",
    "unit_outputs",
    "CLASS_COLORS",
    "NODE_COLORS",
    "plot_class_probabilities",
    "plot_confusion_matrix",
    "plot_digits",
    "plot_dropout_gap",
    "plot_activation",
    "plot_dead_fraction",
    "plot_decision_boundary",
    "plot_gradient_norms",
    "per_label_scores",
    "plot_history",
    "plot_image_grid",
    "plot_layer_gradient_norms",
    "plot_network",
    "plot_per_label_metrics",
]
