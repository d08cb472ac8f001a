"""Bulk import of an existing national register (CSV or XLSX): see docs/registry-import.md."""
