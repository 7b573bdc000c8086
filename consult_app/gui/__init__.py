"""The Qt user interface; it calls services only, never the database."""
