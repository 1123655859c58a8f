import { registry } from "@web/core/registry";

// A custody manager creates the client of an unmatched WeCom contact, then lists the
// clients whose Odoo custodian does not follow them in WeCom (the reconciliation filter).
registry.category("web_tour.tours").add("client_custody_wecom_contacts_tour", {
    steps: () => [
        {
            content: "Select the unmatched WeCom contact",
            trigger: ".o_data_row:contains('Tour Stranger') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Create its client from WeCom",
            trigger: "button[name='action_create_partner']",
            run: "click",
        },
        {
            content: "Every WeCom contact has its client now",
            trigger: ".o_view_nocontent",
        },
        {
            content: "Drop the unmatched filter",
            trigger: ".o_searchview_facet .o_facet_remove",
            run: "click",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Show where WeCom and Odoo disagree",
            trigger: ".o_filter_menu .o_menu_item:contains('WeCom and Odoo disagree')",
            run: "click",
        },
        {
            content: "The client whose custodian does not follow it in WeCom is listed",
            trigger: ".o_data_row:contains('Tour Differ Buyer'):contains('Tour Holder')",
        },
    ],
});
