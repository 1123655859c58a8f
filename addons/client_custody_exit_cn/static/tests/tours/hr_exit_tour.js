import { registry } from "@web/core/registry";

// HR records a resignation from the employee form and sees the exit's plan: the last working
// day, the departure handover prepared for the notice period, and the activities with deadlines.
registry.category("web_tour.tours").add("client_custody_exit_cn_resignation_tour", {
    steps: () => [
        {
            content: "Record the resignation from the employee form",
            trigger: ".o_form_view button[name='action_exit_record_notice']",
            run: "click",
        },
        {
            content: "The notice was received on 2 March",
            trigger: ".o_form_view div[name='notice_date'] input",
            run: "edit 03/02/2026",
        },
        {
            content: "Open the exit",
            trigger: ".o_form_view button[name='action_open']",
            run: "click",
        },
        {
            content: "The notice period runs",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Notice period')",
        },
        {
            content: "The notice period is the law's 30 days",
            trigger: ".o_form_view div[name='notice_days']:contains('30')",
        },
        {
            content: "The departure handover is prepared",
            trigger: ".o_form_view div[name='handover_id'] :contains('HO/')",
        },
        {
            content: "The plan lists the handover steps",
            trigger: ".o_form_view div[name='activity_ids'] .o_data_row:contains('Plan the handover')",
        },
        {
            trigger: ".o_form_view div[name='activity_ids'] .o_data_row:contains('Introduce the successor to each core client')",
        },
        {
            trigger: ".o_form_view div[name='activity_ids'] .o_data_row:contains('Exit interview')",
        },
    ],
});
