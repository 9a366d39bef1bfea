"""Spreadsheet imports that clerks can trust: validated first, applied atomically.

``reading`` turns an uploaded CSV or XLSX into rows, ``values`` parses what clerks really
type, ``specs`` declares each importable model's columns, ``checking`` reads the cells,
``engine`` validates and applies, ``workbook`` writes the downloadable templates. Apps declare
their specs in an ``imports`` module (or package) and register them with ``specs.register``;
this app's own are ``units`` and ``people``.
"""
