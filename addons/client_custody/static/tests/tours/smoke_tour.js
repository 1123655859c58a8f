import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// Wiring check: a logged-in user reaches Employees and Contacts from the home menu.
registry.category("web_tour.tours").add("client_custody_smoke_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Employees app",
            trigger: ".o_app[data-menu-xmlid='hr.menu_hr_root']",
            run: "click",
        },
        {
            content: "The employee directory is shown",
            trigger: ".o_breadcrumb:contains('Employees')",
        },
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Contacts app",
            trigger: ".o_app[data-menu-xmlid='contacts.menu_contacts']",
            run: "click",
        },
        {
            content: "The contact list is shown",
            trigger: ".o_breadcrumb:contains('Contacts')",
        },
    ],
});
