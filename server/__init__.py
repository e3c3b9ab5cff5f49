"""PaperGist: summaries and related papers for the paper you are reading."""
