"""Finding attributions (source, cue, content) in a parsed article."""
