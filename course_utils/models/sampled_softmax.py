"""A many-class classifier trained with candidate sampling
(`tf.nn.sampled_softmax_loss` in its own `train_step`), evaluated with the full softmax."""

from __future__ import annotations

from collections.abc import Sequence

import keras

from ..validation import (
    check_bool,
    check_choice,
    check_int,
    check_int_sequence,
)

SAMPLERS = ("uniform", "log_uniform")


class SampledSoftmaxModel(keras.Model):
    """A classifier over very many classes, trained with a sampled softmax.

    The network is `hidden_units` ReLU layers followed by one output weight
    row and bias per class. At prediction time (`model(x)`, `predict`,
    `evaluate`) it computes the *full* softmax over every class. Training
    (`fit`) instead uses `tf.nn.sampled_softmax_loss`: for each batch it
    draws `num_sampled` classes at random (candidate sampling; uniformly by
    default) and computes the softmax only over the true classes and those
    sampled negatives, so a step costs the same whether there are a thousand
    classes or a million.

    `tf.nn.sampled_softmax_loss` corrects for the sampler: from the logit of
    every candidate (true or sampled) it subtracts the log of the candidate's
    expected count under the sampler, about log(num_sampled * Q(class)). A
    uniform sampler shifts every logit by the same amount, which changes
    nothing; a non-uniform one (`sampler="log_uniform"`, which draws small
    class ids more often) needs the correction, or the model learns to
    under-rate the classes that are sampled often. `correct_sampling=False`
    switches the correction off (it passes expected counts of 1, whose log
    is 0), to measure what it does.

    The gradient of the sampled loss touches only the output rows of the
    true and sampled classes (a `tf.IndexedSlices`). Plain SGD applies it as
    a sparse update; optimizers with per-weight state such as Adam update
    every row and give most of the saving back.

    Compile it with a full-softmax loss and metrics, e.g.
    `loss="sparse_categorical_crossentropy", metrics=["accuracy"]`: `fit`
    ignores them (its history holds "sampled_loss") and `evaluate`
    uses them.

    Args:
        input_dim: Number of input features.
        n_classes: Number of classes, at least 2.
        hidden_units: Units of each hidden ReLU layer. Defaults to (64,).
        num_sampled: Number of negative classes sampled per batch, from 1 to
            `n_classes`. Defaults to 64.
        remove_accidental_hits: Drop sampled classes that happen to be the
            true class of an example (`tf.nn.sampled_softmax_loss`'s option).
            Defaults to True.
        sampler: How negatives are drawn: "uniform" (every class equally
            likely) or "log_uniform" (class k with probability
            log((k + 2) / (k + 1)) / log(n_classes + 1), for ids sorted from
            frequent to rare). Defaults to "uniform".
        correct_sampling: Subtract the log of each candidate's expected count
            from its logit (what `tf.nn.sampled_softmax_loss` does). Defaults
            to True.
        name: The model's name. Defaults to "sampled_softmax".
        **kwargs: Passed to `keras.Model`.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> model = SampledSoftmaxModel(16, 10_000, hidden_units=(64,), num_sampled=64)
    >>> model.compile(optimizer=keras.optimizers.SGD(0.1),
    ...               loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    """

    def __init__(
        self,
        input_dim: int,
        n_classes: int,
        *,
        hidden_units: Sequence[int] = (64,),
        num_sampled: int = 64,
        remove_accidental_hits: bool = True,
        sampler: str = "uniform",
        correct_sampling: bool = True,
        name: str = "sampled_softmax",
        **kwargs,
    ):
        input_dim = check_int("input_dim", input_dim, min_value=1)
        n_classes = check_int("n_classes", n_classes, min_value=2)
        hidden_units = check_int_sequence("hidden_units", hidden_units, min_value=1)
        num_sampled = check_int("num_sampled", num_sampled, min_value=1, max_value=n_classes)
        remove_accidental_hits = check_bool("remove_accidental_hits", remove_accidental_hits)
        sampler = check_choice("sampler", sampler, SAMPLERS)
        correct_sampling = check_bool("correct_sampling", correct_sampling)
        super().__init__(name=name, **kwargs)
        self.input_dim = input_dim
        self.n_classes = n_classes
        self.hidden_units = hidden_units
        self.num_sampled = num_sampled
        self.remove_accidental_hits = remove_accidental_hits
        self.sampler = sampler
        self.correct_sampling = correct_sampling
        self.hidden_layers = []
        width = input_dim
        for i, units in enumerate(hidden_units, start=1):
            layer = keras.layers.Dense(units, activation="relu", name=f"hidden_{i}")
            layer.build((None, width))
            self.hidden_layers.append(layer)
            width = units
        # One row per class, as tf.nn.sampled_softmax_loss expects:
        # shape (n_classes, width), the transpose of a Dense kernel.
        self.class_weights = self.add_weight(
            shape=(n_classes, width), initializer="glorot_uniform", name="class_weights")
        self.class_biases = self.add_weight(
            shape=(n_classes,), initializer="zeros", name="class_biases")
        self.sampled_loss_tracker = keras.metrics.Mean(name="sampled_loss")
        self.build((None, input_dim))

    def build(self, input_shape):
        self.built = True

    def features(self, inputs, training=False):
        """The last hidden layer's output for `inputs`."""
        h = inputs
        for layer in self.hidden_layers:
            h = layer(h, training=training)
        return h

    def logits(self, inputs, training=False):
        """The full logits: one score per class, shape (batch, n_classes)."""
        import tensorflow as tf

        h = self.features(inputs, training=training)
        return tf.matmul(h, self.class_weights, transpose_b=True) + self.class_biases

    def call(self, inputs, training=False):
        """The full softmax: a probability for every class."""
        import tensorflow as tf

        return tf.nn.softmax(self.logits(inputs, training=training))

    def sampled_loss(self, x, y, training=False):
        """The mean sampled softmax cross-entropy of a batch.

        Args:
            x: Inputs, shape (batch, input_dim).
            y: Integer class ids, shape (batch,) or (batch, 1).
            training: Passed to the hidden layers. Defaults to False.

        Returns:
            A scalar tensor.
        """
        import tensorflow as tf

        labels = tf.reshape(tf.cast(y, tf.int64), (-1, 1))
        sampled_values = self.sample_candidates(labels)
        losses = tf.nn.sampled_softmax_loss(
            weights=_tf_value(self.class_weights),
            biases=_tf_value(self.class_biases),
            labels=labels,
            inputs=self.features(x, training=training),
            num_sampled=self.num_sampled,
            num_classes=self.n_classes,
            sampled_values=sampled_values,
            remove_accidental_hits=self.remove_accidental_hits,
        )
        return tf.reduce_mean(losses)

    def sample_candidates(self, labels):
        """Draws the negatives of one batch: `sampled_values` for the loss.

        Args:
            labels: int64 class ids, shape (batch, 1).

        Returns:
            `(sampled, true_expected_count, sampled_expected_count)`, as
            `tf.nn.sampled_softmax_loss` takes them. Without the correction
            the expected counts are all 1, so the loss subtracts log(1) = 0.
        """
        import tensorflow as tf

        draw = (tf.random.uniform_candidate_sampler if self.sampler == "uniform"
                else tf.random.log_uniform_candidate_sampler)
        sampled, true_count, sampled_count = draw(
            true_classes=labels, num_true=1, num_sampled=self.num_sampled, unique=True,
            range_max=self.n_classes)
        if not self.correct_sampling:
            true_count, sampled_count = tf.ones_like(true_count), tf.ones_like(sampled_count)
        return sampled, true_count, sampled_count

    def train_step(self, data):
        import tensorflow as tf

        x, y = data[0], data[1]
        with tf.GradientTape() as tape:
            loss = self.sampled_loss(x, y, training=True)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply(grads, self.trainable_variables)
        self.sampled_loss_tracker.update_state(loss)
        return {"sampled_loss": self.sampled_loss_tracker.result()}

    def get_metrics_result(self):
        # `fit` reports only the sampled loss; the compiled (full-softmax)
        # loss and metrics belong to `evaluate`, and stay unbuilt until then.
        results = {}
        for metric in self.metrics:
            if metric is self.sampled_loss_tracker or not getattr(metric, "built", True):
                continue
            result = metric.result()
            if isinstance(result, dict):
                results.update(result)
            else:
                results[metric.name] = result
        return results

    def get_config(self):
        return {
            "input_dim": self.input_dim,
            "n_classes": self.n_classes,
            "hidden_units": self.hidden_units,
            "num_sampled": self.num_sampled,
            "remove_accidental_hits": self.remove_accidental_hits,
            "sampler": self.sampler,
            "correct_sampling": self.correct_sampling,
            "name": self.name,
        }


def _tf_value(variable):
    """The backend variable, so that gathering rows gives a sparse gradient."""
    return getattr(variable, "value", variable)


def build_sampled_softmax_model(
    input_dim: int,
    n_classes: int,
    *,
    hidden_units: Sequence[int] = (64,),
    num_sampled: int = 64,
    remove_accidental_hits: bool = True,
    sampler: str = "uniform",
    correct_sampling: bool = True,
    name: str = "sampled_softmax",
) -> SampledSoftmaxModel:
    """Builds an uncompiled `SampledSoftmaxModel` (see there).

    Args:
        input_dim: Number of input features.
        n_classes: Number of classes, at least 2.
        hidden_units: Units of each hidden ReLU layer. Defaults to (64,).
        num_sampled: Negative classes sampled per training batch, from 1 to
            `n_classes`. Defaults to 64.
        remove_accidental_hits: Drop sampled classes that equal the true
            class. Defaults to True.
        sampler: "uniform" or "log_uniform" (small ids drawn more often).
            Defaults to "uniform".
        correct_sampling: Subtract the log of each candidate's expected count
            from its logit. Defaults to True.
        name: The model's name. Defaults to "sampled_softmax".

    Returns:
        The model, trained by `fit` with the sampled softmax and evaluated
        with the full softmax.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> model = build_sampled_softmax_model(16, 100_000, hidden_units=(64,))
    >>> model(np.zeros((2, 16), "float32")).shape
    TensorShape([2, 100000])
    """
    return SampledSoftmaxModel(input_dim, n_classes, hidden_units=hidden_units,
                               num_sampled=num_sampled,
                               remove_accidental_hits=remove_accidental_hits, sampler=sampler,
                               correct_sampling=correct_sampling, name=name)
