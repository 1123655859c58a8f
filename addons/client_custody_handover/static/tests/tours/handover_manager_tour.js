import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

// The sales manager's journey, in whatever language the manager reads: selectors use field
// names, values and classes, never labels.

function notOdooTitle() {
    const title = document.querySelector(".modal .modal-title");
    if (!title || !title.textContent.trim() || title.textContent.trim() === "Odoo") {
        throw new Error(`The wizard lost its title: "${title && title.textContent}"`);
    }
}

registry.category("web_tour.tours").add("client_custody_manager_journey_start", {
    steps: () => [
        {
            content: "New on the handovers opens the wizard",
            trigger: ".o_control_panel .o_custody_new_handover",
            run: "click",
        },
        {
            content: "Who hands over",
            trigger: ".modal div[name='employee_ids'] input",
            run: "edit Tour Leaver",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Leaver')",
            run: "click",
        },
        {
            trigger: ".modal div[name='employee_ids'] .o_tag:contains('Tour Leaver')",
        },
        {
            content: "The clients listed start empty: pick two of them",
            trigger: ".modal div[name='client_scope'] input[data-value='selected']:checked",
        },
        {
            trigger: ".modal div[name='partner_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The picker lists the leaver's clients only",
            trigger: ".modal .o_list_view .o_data_row:contains('Tour Client 1')",
        },
        {
            trigger: ".modal:not(:has(.o_custody_preview_button)) .o_data_row:contains('Tour Client 1') .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".modal:not(:has(.o_custody_preview_button)) .o_data_row:contains('Tour Client 2') .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".modal:not(:has(.o_custody_preview_button)) .o_select_button",
            run: "click",
        },
        {
            trigger: ".modal div[name='partner_ids'] .o_data_row:contains('Tour Client 2')",
        },
        {
            content: "Balanced over two successors",
            trigger: ".modal div[name='strategy'] input[data-value='balanced']",
            run: "click",
        },
        {
            trigger: ".modal div[name='successor_ids'] input",
            run: "edit Tour Successor A",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Successor A')",
            run: "click",
        },
        {
            trigger: ".modal div[name='successor_ids'] input",
            run: "edit Tour Successor B",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Successor B')",
            run: "click",
        },
        {
            content: "Preview",
            trigger: ".modal .o_custody_preview_button",
            run: "click",
        },
        {
            content: "The preview has column headers, and load / capacity per successor",
            trigger: ".modal .o_custody_preview thead th:nth-child(5)",
        },
        {
            content: "A Chinese reader reads the header in Chinese, the limit as 客户上限 (not 容量)",
            trigger: ".modal .o_custody_preview thead",
            run() {
                if (!user.lang.startsWith("zh")) {
                    return;
                }
                const header = this.anchor.textContent;
                if (!header.includes("客户上限") || header.includes("容量")) {
                    throw new Error(`The preview header does not say 客户上限: ${header}`);
                }
                if (!header.includes("核心商业秘密") || /[A-Za-z]/.test(header)) {
                    throw new Error(`The preview header is not all in Chinese: ${header}`);
                }
            },
        },
        {
            trigger: ".modal .o_custody_preview tbody tr:contains('Tour Successor A'):contains('/ 5')",
        },
        {
            trigger: ".modal .o_custody_preview tbody tr:contains('Tour Successor B')",
        },
        {
            content: "The wizard keeps its title after Preview",
            trigger: ".modal .modal-title",
            run: notOdooTitle,
        },
        {
            content: "Create the handover",
            trigger: ".modal .o_custody_confirm_button",
            run: "click",
        },
        {
            content: "Start it",
            trigger: ".o_form_view button[name='action_start']",
            run: "click",
        },
        {
            content: "Both clients wait for their answer",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Client 2') .o_field_badge",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='in_progress']",
        },
    ],
});

registry.category("web_tour.tours").add("client_custody_manager_journey_reassign", {
    steps: () => [
        {
            content: "The manager has an activity on the handover: a client declined",
            trigger: ".o-mail-Activity:contains('Tour Client 1')",
        },
        {
            content: "Its note is there",
            trigger: ".o-mail-Activity:contains('another contact')",
        },
        {
            content: "The declined client's row offers to notify again",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Client 1') button[name='action_reassign']",
        },
    ],
});

registry.category("web_tour.tours").add("client_custody_manager_journey_queue", {
    steps: () => [
        {
            content: "The reassignment queue lists the declined clients",
            trigger: ".o_list_view .o_data_row:contains('Tour Client 1')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Client 2') td[name='refusal_note']:contains('another contact')",
        },
        {
            content: "Select both",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Give them one new successor in one step",
            trigger: ".o_control_panel .o_custody_reassign_button",
            run: "click",
        },
        {
            trigger: ".modal div[name='successor_id'] input",
            run: "edit Tour Successor C",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Successor C')",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Done: a notification, and the queue is empty",
            trigger: ".o_notification:contains('Tour Successor C')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row))",
        },
    ],
});

registry.category("web_tour.tours").add("client_custody_manager_journey_done", {
    steps: () => [
        {
            content: "Every client accepted: complete the handover",
            trigger: ".o_form_view button[name='action_done']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='done']",
        },
        {
            content: "No To-Do is left open on a completed handover",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity))",
        },
    ],
});

registry.category("web_tour.tours").add("client_custody_handover_kanban_dashboard", {
    steps: () => [
        {
            content: "Handovers as a kanban, by state",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            trigger: ".o_kanban_group .o_kanban_record:contains('Tour Leaver') .o_custody_handover_progress .o_custody_progress_waiting[style*='width: 50%']",
        },
        {
            content: "The bar shows the clients to reassign",
            trigger: ".o_kanban_record:contains('Tour Leaver') .o_custody_progress_reassign[style*='width: 50%']",
        },
        {
            content: "New from the kanban opens the wizard too",
            trigger: ".o_control_panel .o_custody_new_handover",
            run: "click",
        },
        {
            trigger: ".modal div[name='employee_ids']",
        },
        {
            trigger: ".modal .modal-footer button[special='cancel']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("client_custody_handover_dashboard", {
    steps: () => [
        {
            content: "The dashboard opens on a graph",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "and has a pivot by team",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            trigger: ".o_pivot table .o_pivot_header_cell_closed:contains('Tour Team'), .o_pivot table th:contains('Tour Team')",
        },
    ],
});
