import { registry } from "@web/core/registry";

// An alumni officer opens the talent pool, records the alumnus' consent with its evidence, logs
// the first contact (which sends the service guide), grants a benefit, and withdraws the consent
// when the alumnus asks.
registry.category("web_tour.tours").add("alumni_network_talent_pool_tour", {
    url: "/odoo/action-alumni_network.alumni_member_action_talent_pool",
    steps: () => [
        {
            content: "The talent pool lists the eligible alumnus",
            trigger: ".o_breadcrumb:contains('Talent Pool')",
        },
        {
            content: "Open the alumnus from the talent pool's cards",
            trigger: ".o_kanban_record:contains('Tour Alumnus')",
            run: "click",
        },
        {
            content: "Record the alumnus' consent",
            trigger: ".o_form_view button[name='action_renew_consent']",
            run: "click",
        },
        // Radio buttons, each checked before the next step: a choice is never lost to a re-render
        // (a select menu's item clicked while the purpose's onchange answer re-rendered the
        // dialog came back empty in CI).
        {
            content: "The consent is for personal contact",
            trigger: ".modal .o_field_widget[name='purpose'] input[data-value='contact']",
            run: "click",
        },
        {
            content: "Personal contact is chosen",
            trigger: ".modal .o_field_widget[name='purpose'] input[data-value='contact']:checked",
        },
        {
            content: "Given on a signed form",
            trigger: ".modal .o_field_widget[name='channel'] input[data-value='paper']",
            run: "click",
        },
        {
            content: "The signed form is chosen",
            trigger: ".modal .o_field_widget[name='channel'] input[data-value='paper']:checked",
        },
        {
            content: "Write the evidence",
            trigger: ".modal .o_field_widget[name='evidence'] textarea",
            run: "edit Exit consent form no. 2026-031, in the HR file.",
        },
        {
            content: "Save the consent",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The member shows the consent given",
            trigger: "body:not(:has(.modal)) .o_field_widget[name='consent_summary']:contains('Personal contact')",
        },
        {
            content: "Log the first contact",
            trigger: ".o_form_view button[name='action_log_contact']",
            run: "click",
        },
        {
            content: "The contact is a first contact",
            trigger: ".modal .o_field_widget[name='kind'] input",
            run: function () {
                const value = this.anchor.value;
                if (value !== "First Contact") {
                    throw new Error(`Expected a first contact, got ${value}`);
                }
            },
        },
        {
            content: "Write what was discussed",
            trigger: ".modal .o_field_widget[name='notes'] textarea",
            run: "edit Called after the farewell lunch; open to return next year.",
        },
        {
            content: "Save the contact",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The contact is counted on the member",
            trigger: "body:not(:has(.modal)) button[name='action_view_interactions'] .o_stat_value:contains('1')",
        },
        {
            content: "Grant a benefit",
            trigger: ".o_form_view button[name='action_grant_benefit']",
            run: "click",
        },
        {
            content: "Choose the benefit type",
            trigger: ".modal .o_field_widget[name='type_id'] input",
            run: "edit Training",
        },
        {
            content: "Pick training platform access",
            trigger: ".o-autocomplete--dropdown-item:contains('Training Platform Access')",
            run: "click",
        },
        {
            content: "Grant it",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The benefit is counted on the member",
            trigger: "body:not(:has(.modal)) button[name='action_view_benefits'] .o_stat_value:contains('1')",
        },
        {
            content: "Open the consents",
            trigger: ".o_notebook .nav-link:contains('Consents')",
            run: "click",
        },
        {
            content: "The alumnus withdraws the consent",
            trigger: ".o_field_widget[name='consent_ids'] button[name='action_withdraw']",
            run: "click",
        },
        {
            content: "Confirm the withdrawal",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "No consent is in force any more",
            trigger: "body:not(:has(.modal)) .o_field_widget[name='consent_ids'] .o_data_row:contains('Withdrawn')",
        },
    ],
});
