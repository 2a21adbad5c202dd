"""The `cannocchiale` command line."""
