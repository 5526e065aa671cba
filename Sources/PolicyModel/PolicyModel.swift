// The policy language v1: YAML loading with source locations, validation, diagnostics.
