#!/usr/bin/env python
"""Django's manage.py, for those used to it; `salw` is the same with friendlier names."""

import sys

from salw.cli import main

if __name__ == "__main__":
    main(sys.argv[1:])
