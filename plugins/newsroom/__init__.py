"""Tools of the newsroom's daily loop, called by tasks.py: scaffolds, the content check,
the live preview. Not a Pelican plugin (it has no register() and is not in PLUGINS)."""
