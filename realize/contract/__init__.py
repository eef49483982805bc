"""The contract: the workbook's schema, the settings, the view catalog, roles. Depends on nothing."""
