import { registry } from "@web/core/registry";

// A sales manager hands over a leaver's clients, balanced over two successors, and sees
// each client's status once the handover has started.
registry.category("web_tour.tours").add("client_custody_handover_tour", {
    steps: () => [
        {
            content: "Open the handover wizard from the employee form",
            trigger: "button[name='action_open_handover_wizard']",
            run: "click",
        },
        {
            content: "Choose the balanced strategy",
            trigger: ".modal div[name='strategy'] input[data-value='balanced']",
            run: "click",
        },
        {
            content: "Add a first successor",
            trigger: ".modal div[name='successor_ids'] input",
            run: "edit Tour Successor A",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Successor A')",
            run: "click",
        },
        {
            content: "Add a second successor",
            trigger: ".modal div[name='successor_ids'] input",
            run: "edit Tour Successor B",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Successor B')",
            run: "click",
        },
        {
            content: "Preview who gets which client",
            trigger: ".modal .o_custody_preview_button",
            run: "click",
        },
        {
            content: "The preview counts clients per successor",
            trigger: ".modal .o_custody_preview:contains('Tour Successor A'):contains('Tour Successor B')",
        },
        {
            content: "Create the handover",
            trigger: ".modal .o_custody_confirm_button",
            run: "click",
        },
        {
            content: "Start it: clients are notified",
            trigger: ".o_form_view button[name='action_start']",
            run: "click",
        },
        {
            content: "Every client shows its status",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Client 1') td[name='state']:contains('Waiting for client')",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Client 4') td[name='state']:contains('Waiting for client')",
        },
    ],
});
