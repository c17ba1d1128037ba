"""One module per exercise: ``exerciseN.py`` defines ``exercise`` and its checks."""
