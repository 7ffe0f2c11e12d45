"""Fruit images drawn on the spot: one fruit per image (single-label) and fruit
bowls (multi-label)."""

from __future__ import annotations

import numpy as np

from ..validation import check_int

FRUIT_NAMES = ("apple", "banana", "grapes", "lemon", "orange", "pear")

# Base colours (RGB in [0, 1]) of each fruit; every drawn fruit varies a little around them.


_FRUIT_COLORS = {
    "apple": (0.80, 0.10, 0.12),
    "banana": (0.98, 0.76, 0.05),
    "grapes": (0.45, 0.18, 0.55),
    "lemon": (0.92, 0.95, 0.12),
    "orange": (0.98, 0.55, 0.08),
    "pear": (0.60, 0.78, 0.22),
}


_GRAPE_CENTERS = ((-0.45, -0.55), (0.0, -0.55), (0.45, -0.55), (-0.22, -0.1), (0.22, -0.1),
                  (0.0, 0.35), (-0.45, 0.35), (0.45, 0.35), (0.0, 0.75))


def _fruit_mask(name, u, v, rng):
    """Mask of one fruit on coordinates (u, v) measured in fruit radii from its centre."""
    r2 = u**2 + v**2
    if name == "apple":
        body = (u / 1.0) ** 2 + (v / 0.9) ** 2 <= 1.0
        stem = (np.abs(u - 0.05) <= 0.12) & (v >= -1.25) & (v <= -0.8)
        return body, stem
    if name == "orange":
        return r2 <= 1.0, None
    if name == "lemon":
        return (u / 1.0) ** 2 + (v / 0.68) ** 2 <= 1.0, None
    if name == "banana":
        outer = u**2 + (v + 0.6) ** 2 <= 1.2**2
        inner = u**2 + (v + 1.1) ** 2 <= 1.0**2
        return outer & ~inner & (v > -0.5), None
    if name == "pear":
        top = u**2 + (v + 0.45) ** 2 <= 0.45**2
        bottom = u**2 + ((v - 0.3) / 0.95) ** 2 <= 0.68**2
        stem = (np.abs(u) <= 0.1) & (v >= -1.15) & (v <= -0.8)
        return top | bottom | ((np.abs(u) <= 0.42) & (v > -0.5) & (v < 0.3)), stem
    # grapes: a bunch of small berries
    mask = np.zeros_like(u, dtype=bool)
    for cu, cv in _GRAPE_CENTERS:
        mask |= (u - cu) ** 2 + (v - cv) ** 2 <= 0.27**2
    return mask, None


def _draw_fruit(image, name, cx, cy, radius, rng):
    """Draws one fruit onto `image` (H, W, 3) in place."""
    size = image.shape[0]
    # Work on the window around the fruit only (every shape fits in 1.3 radii).
    r0, r1 = max(0, int(cy - 1.3 * radius)), min(size, int(np.ceil(cy + 1.3 * radius)) + 1)
    c0, c1 = max(0, int(cx - 1.3 * radius)), min(size, int(np.ceil(cx + 1.3 * radius)) + 1)
    image = image[r0:r1, c0:c1]
    shape = image.shape[:2]
    flip = 1.0 if rng.random() < 0.5 else -1.0
    # The pixel coordinates, computed once per column and row and broadcast (a grid of them
    # costs more than the arithmetic on a window this small).
    u = np.broadcast_to((np.arange(c0, c1, dtype="float32") + 0.5 - cx) / radius * flip, shape)
    v = np.broadcast_to(((np.arange(r0, r1, dtype="float32") + 0.5 - cy) / radius)[:, None],
                        shape)
    body, stem = _fruit_mask(name, u, v, rng)
    color = np.asarray(_FRUIT_COLORS[name]) + rng.normal(0.0, 0.04, 3)
    color = np.minimum(np.maximum(color, 0.0), 1.0)  # np.clip, without its slower wrapper
    # Shading: lighter toward the upper left, as if lit from there.
    shade = np.minimum(np.maximum(1.0 - 0.18 * (u + v), 0.7), 1.25)[..., None]
    pixels = color * shade
    if name == "orange":  # dimpled peel
        pixels = pixels * (1.0 - 0.25 * (rng.random(u.shape) < 0.25))[..., None]
    if name == "banana":  # brown tips
        tips = np.abs(u) > 0.85
        pixels = np.where(tips[..., None], (0.35, 0.25, 0.1), pixels)
    image[body] = np.minimum(np.maximum(pixels[body], 0.0), 1.0)
    if stem is not None:
        image[stem & ~body] = (0.35, 0.22, 0.08)


def _render(fruit_lists, size, radius_range, slots, jitter, rng):
    images = np.empty((len(fruit_lists), size, size, 3), dtype="float32")
    for i, fruits in enumerate(fruit_lists):
        background = np.array((0.93, 0.89, 0.80)) + rng.normal(0.0, 0.03, 3)
        image = np.broadcast_to(background, (size, size, 3)).copy()
        positions = rng.permutation(len(slots))[: len(fruits)]
        for name, slot in zip(fruits, positions):
            cx, cy = np.asarray(slots[slot]) + rng.uniform(-jitter, jitter, 2)
            _draw_fruit(image, name, cx, cy, rng.uniform(*radius_range), rng)
        images[i] = image
    images += rng.normal(0.0, 0.03, images.shape).astype("float32")  # sensor noise
    return np.clip(images, 0.0, 1.0, out=images)


def make_fruit_images(n_samples: int, *, seed: int | None = None):
    """Images of exactly one piece of fruit each: a single-label problem.

    Each 32x32 RGB image shows one fruit of `FRUIT_NAMES` (apple, banana,
    grapes, lemon, orange, pear), drawn with its own colour, shape and
    texture, at a random position and size, on a noisy table-top background.
    The fruits are equally frequent.

    Args:
        n_samples: Number of images, at least 1.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(images, labels)`: `images` float32 of shape (n_samples, 32, 32, 3)
        with values in [0, 1]; `labels` int64 indices into `FRUIT_NAMES`.

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> images, labels = make_fruit_images(8, seed=0)
    >>> images.shape, FRUIT_NAMES[labels[0]] in FRUIT_NAMES
    ((8, 32, 32, 3), True)
    """
    n_samples = check_int("n_samples", n_samples, min_value=1, bytes_each=4 * 32 * 32 * 3)
    if seed is not None:
        seed = check_int("seed", seed, min_value=0)
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(FRUIT_NAMES), n_samples)
    images = _render([[FRUIT_NAMES[k]] for k in labels], 32, (9.0, 12.0),
                     [(16.0, 16.0)], 3.0, rng)
    return images, labels.astype("int64")


def make_fruit_bowls(n_samples: int, *, max_fruits: int = 3, seed: int | None = None):
    """Images of bowls holding one to `max_fruits` different fruits: multi-label.

    Each 32x32 RGB image holds between 1 and `max_fruits` (uniformly) fruits
    of *different* kinds from `FRUIT_NAMES`, each in one quarter of the image
    at a random offset and size. The label of an image is multi-hot: a 1 for
    every kind of fruit present, so a row of labels sums to the number of
    fruits.

    Args:
        n_samples: Number of images, at least 1.
        max_fruits: Largest number of fruits in one image, from 1 to 4.
            Defaults to 3.
        seed: Seed of the random generator, or None. Defaults to None.

    Returns:
        `(images, labels)`: `images` float32 of shape (n_samples, 32, 32, 3)
        with values in [0, 1]; `labels` float32 multi-hot of shape
        (n_samples, len(FRUIT_NAMES)).

    Raises:
        TypeError, ValueError: an argument has the wrong type or value; the
            message names it.

    Example:

    >>> images, labels = make_fruit_bowls(8, max_fruits=3, seed=0)
    >>> images.shape, labels.shape, int(labels.sum(axis=1).max()) <= 3
    ((8, 32, 32, 3), (8, 6), True)
    """
    n_samples = check_int("n_samples", n_samples, min_value=1, bytes_each=4 * 32 * 32 * 3)
    max_fruits = check_int("max_fruits", max_fruits, min_value=1, max_value=4)
    if seed is not None:
        seed = check_int("seed", seed, min_value=0)
    rng = np.random.default_rng(seed)
    labels = np.zeros((n_samples, len(FRUIT_NAMES)), dtype="float32")
    fruit_lists = []
    for i in range(n_samples):
        count = rng.integers(1, max_fruits + 1)
        kinds = rng.choice(len(FRUIT_NAMES), size=count, replace=False)
        labels[i, kinds] = 1.0
        fruit_lists.append([FRUIT_NAMES[k] for k in kinds])
    slots = [(8.0, 8.0), (24.0, 8.0), (8.0, 24.0), (24.0, 24.0)]
    images = _render(fruit_lists, 32, (5.0, 6.5), slots, 1.5, rng)
    return images, labels
