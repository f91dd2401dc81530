"""The public face of the package is small and pinned: anything added here is a decision."""

import subprocess
import sys

import trainboard


def test_the_public_names_are_exactly_these():
    assert sorted(trainboard.__all__) == [
        "Experiment",
        "SummaryWriter",
        "__version__",
        "patch",
        "read",
        "unpatch",
    ]


def test_public_names_resolve_and_show_the_name_people_type():
    from trainboard._patch import patch, unpatch
    from trainboard._reader import Experiment, read
    from trainboard.writer import SummaryWriter

    assert trainboard.patch is patch
    assert trainboard.unpatch is unpatch
    assert trainboard.SummaryWriter is SummaryWriter
    assert trainboard.read is read
    assert trainboard.Experiment is Experiment
    for name in trainboard.__all__:
        if not name.startswith("__"):
            assert getattr(trainboard, name).__module__ == "trainboard", name
    assert repr(SummaryWriter).startswith("<class 'trainboard.SummaryWriter'")


def test_public_classes_pickle_by_the_name_people_type():
    import pickle

    assert pickle.loads(pickle.dumps(trainboard.SummaryWriter)) is trainboard.SummaryWriter
    assert pickle.loads(pickle.dumps(trainboard.read)) is trainboard.read


def test_importing_trainboard_stays_cheap():
    heavy = "('numpy', 'fastapi', 'torch', 'pandas')"
    code = f"import sys, trainboard; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_load_ext_finds_the_notebook_extension_on_the_package():
    # `%load_ext trainboard` imports `trainboard` and calls this; it is a hook, not an __all__ name.
    assert callable(trainboard.load_ipython_extension)
    assert "load_ipython_extension" not in trainboard.__all__
