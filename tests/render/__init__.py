"""Tests of unspin.render (a package, so that module names here cannot clash with other test folders)."""
