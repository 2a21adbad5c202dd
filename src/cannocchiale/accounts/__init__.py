"""Who may see and change what: roles assigned per organization, and the access rules."""
