"""Outbound HTTP to services PaperGist does not run. Each client has a timeout and raises
UpstreamUnavailableError when the service fails, so jobs can retry or fall back."""
