"""Tests of the reliability diagram helpers."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import plotting  # noqa: E402


def test_reliability_table_bins_confidence_and_accuracy():
    probs = np.array([[0.95, 0.05], [0.92, 0.08], [0.3, 0.7], [0.45, 0.55]])
    table = plotting.reliability_table(probs, [0, 1, 1, 0], n_bins=10)
    assert table["count"].tolist() == [1, 1, 2]
    np.testing.assert_allclose(table["confidence"], [0.55, 0.7, 0.935])
    np.testing.assert_allclose(table["accuracy"], [0.0, 1.0, 0.5])
    assert table["ece"] == pytest.approx((0.55 + 0.3 + 2 * 0.435) / 4)


def test_a_calibrated_model_has_a_small_ece():
    rng = np.random.default_rng(0)
    p1 = rng.uniform(0.5, 1.0, size=20000)
    y = (rng.random(20000) >= p1).astype(int)  # class 0 is right with probability p1
    probs = np.stack([p1, 1 - p1], axis=1)
    assert plotting.reliability_table(probs, y)["ece"] < 0.02
    assert plotting.reliability_table(probs, 1 - y)["ece"] > 0.4  # the same, always wrong


def test_plot_reliability_returns_the_axes_it_drew_on():
    fig, ax = plt.subplots()
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    assert plotting.plot_reliability(probs, [0, 1, 1], ax=ax, label="net") is ax
    assert len(ax.collections) == 1 and "ECE" in ax.get_title()
    plt.close(fig)
    new = plotting.plot_reliability(probs, [0, 1, 1])
    assert new.figure is not None
    plt.close(new.figure)


@pytest.mark.parametrize("args, kwargs, error, name", [
    (([0.5, 0.5], [0]), {}, ValueError, "probs"),
    (([[1.0], [1.0]], [0, 0]), {}, ValueError, "probs"),
    (([[0.5, 0.5]], [0, 1]), {}, ValueError, "y_true"),
    (([[0.5, 0.5]], [2]), {}, ValueError, "y_true"),
    (([[0.5, 0.5]], [0.5]), {}, ValueError, "y_true"),
    (([[0.5, 0.5]], [0]), {"n_bins": 0}, ValueError, "n_bins"),
    (([[0.5, 0.5]], [0]), {"n_bins": "ten"}, TypeError, "n_bins"),
    (([[0.5, np.nan]], [0]), {}, ValueError, "probs"),
])
def test_reliability_rejects_bad_input(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        plotting.reliability_table(*args, **kwargs)
    with pytest.raises(error, match=name):
        plotting.plot_reliability(*args, **kwargs)


def test_plot_reliability_rejects_a_bad_label():
    with pytest.raises(TypeError, match="label"):
        plotting.plot_reliability([[0.5, 0.5]], [0], label=3)


def test_plot_reliability_rejects_a_bad_ax():
    with pytest.raises(TypeError, match="`ax`"):
        plotting.plot_reliability([[0.5, 0.5]], [0], ax="left")
