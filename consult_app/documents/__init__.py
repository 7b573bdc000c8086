"""PDF documents: consent form, aftercare sheet, consultation record and blank handouts."""
