"""REST services, registered on the add-on's browser layer."""
