"""The course the grader ships: a course pack (grader/packs), read from this folder's course.toml.

Nothing here is imported: the checks modules are loaded by file path (grader.packs.checks_loader).
This file only makes the folder a package that the wheel ships.
"""
