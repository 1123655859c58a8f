from odoo.tools import sql


def _post_init_hook(env):
    """Notices recorded on employees before this addon existed become exits."""
    env["hr.exit"]._migrate_from_client_custody()


def _pre_init_hook(env):
    """Upgraded from client_custody 19.0.1.x, the non-compete table already has rows: its new
    local minimum wage column defaults to the company's figure, whose column must exist first."""
    if not sql.column_exists(env.cr, "res_company", "exit_local_minimum_wage"):
        sql.create_column(env.cr, "res_company", "exit_local_minimum_wage", "numeric")
