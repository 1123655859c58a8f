import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

// The sales manager reads whether the clients of a completed handover stayed, in whatever
// language they read: selectors use classes and values; the one label checked is the status
// badge, in the language of the page.

const KEPT = { en: "Kept", zh: "留存" };

registry.category("web_tour.tours").add("client_custody_sale_outcomes", {
    steps: () => [
        {
            content: "The completed handover shows kept / at risk / lost",
            trigger: ".o_custody_outcome_button:contains('1 / 0 / 1')",
            run: "click",
        },
        {
            content: "The outcomes open in a pivot: the handover's two clients",
            trigger: ".o_pivot table td.o_pivot_cell_value:contains('2')",
        },
        {
            content: "and in a graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "and in a list, one row per client",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_data_row .o_field_badge",
            run() {
                const lang = user.lang.startsWith("zh") ? "zh" : "en";
                const badges = [...document.querySelectorAll(".o_data_row .o_field_badge")];
                if (!badges.some((badge) => badge.textContent.trim() === KEPT[lang])) {
                    throw new Error(
                        `No "${KEPT[lang]}" badge: ${badges.map((b) => b.textContent).join(", ")}`
                    );
                }
            },
        },
    ],
});
