"""The lifecycle core shared by the TUI and the headless command line.

Everything here works on :mod:`credtui.models` and a
:class:`~credtui.api.client.ManagementClient`, and knows nothing of Textual:
parsing an expiry a person typed, checking a change against the application's
current state, planning attach and detach, and the multi-step changes (add then
attach, detach then delete). One implementation, two faces.
"""
