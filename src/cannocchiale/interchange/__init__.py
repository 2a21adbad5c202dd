"""The plan file format: schema, reading, writing, import and export."""
