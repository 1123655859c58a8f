def _post_init_hook(env):
    """Notices recorded on employees before this addon existed become exits."""
    env["hr.exit"]._migrate_from_client_custody()
