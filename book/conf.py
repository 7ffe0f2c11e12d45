"""Sphinx configuration of the reading edition (built by book/build.py)."""

import importlib.util
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)

project = "Neural networks with Keras and TensorFlow"
author = "the course's authors"
copyright = "the course's authors, Apache-2.0"
extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

# Execute each notebook once, cache the outputs (keyed on the code cells).
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("COURSE_BOOK_CACHE", str(ROOT / "build/book-cache"))
nb_execution_timeout = 300
nb_execution_raise_on_error = False  # a failed notebook is a warning (-W fails the build)
# at the end, after the other notebooks ran, rather than a crash report
nb_execution_show_tb = True
nb_output_stderr = "warn"  # stderr in an output is a warning, and the build runs with -W
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
# Links into the glossary go to its explicit anchors (made MyST targets by build.py), not to
# heading slugs: no myst_heading_anchors.

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = []
html_theme_options = {
    "repository_url": f"https://github.com/{course.REPOSITORY}",
    "repository_branch": course.BRANCH,
    "path_to_docs": "notebooks",
    "use_repository_button": True,
    "launch_buttons": {
        "colab_url": "https://colab.research.google.com",
        "binderhub_url": "https://mybinder.org",
        "notebook_interface": "jupyterlab",
    },
    "show_navbar_depth": 1,
}
