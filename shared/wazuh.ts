/** The Wazuh manager's network identity: its firewall rules are built from these, the MON controls judge them. */

/** Agent → manager ports: 1514/tcp carries events, 1515/tcp enrols new agents. */
export const WAZUH_AGENT_PORTS = ["1514", "1515"] as const;
/** Dashboard (443) and server API (55000): operators reach them only through IAP TCP forwarding. */
export const WAZUH_ADMIN_PORTS = ["443", "55000"] as const;
/** Network tag of the Wazuh manager: its firewall rules target it, and the MON controls find it by it. */
export const WAZUH_MANAGER_TAG = "wazuh-manager";
