import { registry } from "@web/core/registry";

// An alumni officer opens the dashboard: the missing default officer is flagged, the figures follow
// the departure year, and the evaluation opens as a pivot.
registry.category("web_tour.tours").add("alumni_network_dashboard_tour", {
    url: "/odoo/action-alumni_network.alumni_dashboard_action",
    steps: () => [
        {
            content: "The dashboard warns that no default officer is set",
            trigger: ".o_form_view .o_alumni_officer_missing:contains('No default alumni officer')",
        },
        {
            content: "Only the alumni who left in 2025",
            trigger: ".o_field_widget[name='year'] input",
            run: "edit 2025 && press Tab",
        },
        {
            content: "One alumnus left in 2025",
            trigger: ".o_field_widget[name='member_count']:contains('1')",
        },
        {
            content: "Contact coverage of that year",
            trigger: ".o_field_widget[name='coverage_rate']:contains('100')",
        },
        {
            content: "Open the evaluation analysis",
            trigger: "button[name='action_open_evaluation']",
            run: "click",
        },
        {
            content: "The evaluation is a pivot with data",
            trigger: ".o_pivot .o_pivot_cell_value",
        },
    ],
});
