#!/usr/bin/python3
"""Stand-ins for the Wazuh programs the manager and agent boot scripts run or start, installed by the stand-in
packages (same names, paths and command-line interfaces as Wazuh's). They do not analyse events; they check what
the real programs would refuse, and record state the harness asserts:

  service indexer|manager|filebeat|dashboard|agent   the daemons (started by the systemctl stand-in)
  security-init                                     indexer-security-init.sh
  passwords-tool [Wazuh's options]                  wazuh-passwords-tool.sh
  wazuh-keystore -f indexer -k KEY                  /var/ossec/bin/wazuh-keystore (value on stdin)
  analysisd -t                                      /var/ossec/bin/wazuh-analysisd -t (checks the rule files)
  filebeat keystore create|add ...                  the filebeat CLI's keystore commands
  dashboard-keystore --allow-root add -f --stdin K  opensearch-dashboards-keystore

The indexer serves HTTPS on network.host:9200 with the certificates opensearch.yml names, accepts basic auth for
the users the security index holds (created by security-init from the package defaults, changed by the
passwords tool through the admin certificate), and the admin user's cluster calls. The dashboard serves HTTPS on
server.host:server.port. Every daemon refuses to start on a configuration the real one would refuse (unparsable
file, missing or unreadable certificate, certificate not for this node, unresolved keystore reference) and
then checks its own connections (manager, Filebeat and dashboard log in to the indexer with what their keystores
hold), writing the outcome to a status file the harness reads.
"""
import base64
import grp
import hashlib
import http.server
import json
import os
import pwd
import re
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import yaml

INDEXER_YML = "/etc/wazuh-indexer/opensearch.yml"
DASHBOARD_YML = "/etc/wazuh-dashboard/opensearch_dashboards.yml"
DASHBOARD_KEYSTORE = "/etc/wazuh-dashboard/opensearch_dashboards.keystore"
DASHBOARD_WAZUH_YML = "/usr/share/wazuh-dashboard/data/wazuh/config/wazuh.yml"
FILEBEAT_YML = "/etc/filebeat/filebeat.yml"
FILEBEAT_KEYSTORE = "/var/lib/filebeat/filebeat.keystore"
OSSEC_CONF = "/var/ossec/etc/ossec.conf"
WAZUH_KEYSTORE = "/var/ossec/etc/standin-keystore.json"
API_USERS = "/var/ossec/api/configuration/security/standin-api-users.json"
DEFAULT_INDEXER_USERS = ["admin", "kibanaserver", "kibanaro", "logstash", "readall", "snapshotrestore"]
PASSWORD_POLICY = re.compile(r"^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*[.*+?-]).{8,64}$")


def die(message, code=1):
    print(message, file=sys.stderr)
    sys.exit(code)


def digest(password):
    return hashlib.sha256(password.encode()).hexdigest()


def load_yaml(path):
    try:
        with open(path) as f:
            return yaml.safe_load(f) or {}
    except (OSError, yaml.YAMLError) as e:
        die("%s: %s" % (path, e))


def load_json(path, default):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def save_json(path, value, mode=0o600, owner=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=1, sort_keys=True)
    os.chmod(tmp, mode)
    if owner:
        os.chown(tmp, pwd.getpwnam(owner).pw_uid, grp.getgrnam(owner).gr_gid)
    os.replace(tmp, path)


def readable_by(path, user):
    """True when `user` could read `path` (owner, group or other permission bits; root excepted)."""
    st = os.stat(path)
    entry = pwd.getpwnam(user)
    groups = {g.gr_gid for g in grp.getgrall() if user in g.gr_mem} | {entry.pw_gid}
    if st.st_uid == entry.pw_uid:
        return bool(st.st_mode & 0o400)
    if st.st_gid in groups:
        return bool(st.st_mode & 0o040)
    return bool(st.st_mode & 0o004)


def check_cert_files(user, cert, key, ca, ip=None, subject=None):
    for path in (cert, key, ca):
        if not os.path.isfile(path):
            die("%s: no such file" % path)
        if not readable_by(path, user):
            die("%s: not readable by %s" % (path, user))
    verify = subprocess.run(["openssl", "verify", "-CAfile", ca, cert], capture_output=True, text=True)
    if verify.returncode != 0:
        die("%s does not chain to %s: %s" % (cert, ca, verify.stdout + verify.stderr))
    text = subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-text", "-nameopt", "RFC2253"],
                          capture_output=True, text=True, check=True).stdout
    if ip and ("IP Address:%s" % ip) not in text:
        die("%s is not issued for %s" % (cert, ip))
    if subject:
        actual = subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-subject", "-nameopt", "RFC2253"],
                                capture_output=True, text=True, check=True).stdout.strip()
        if actual != "subject=" + subject:
            die("%s has %s, expected subject=%s" % (cert, actual, subject))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        ctx.load_cert_chain(cert, key)
    except ssl.SSLError as e:
        die("%s and %s do not form a key pair: %s" % (cert, key, e))


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def login(url, user, password, ca, cert=None, key=None, attempts=15):
    """GET url with basic auth, verifying the server against ca; returns 'ok' or the error."""
    ctx = ssl.create_default_context(cafile=ca)
    if cert:
        ctx.load_cert_chain(cert, key)
    last = ""
    for _ in range(attempts):
        req = urllib.request.Request(url, headers={
            "Authorization": "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()})
        try:
            with urllib.request.urlopen(req, context=ctx, timeout=5) as resp:
                return "ok" if resp.status == 200 else "HTTP %d" % resp.status
        except urllib.error.HTTPError as e:
            last = "HTTP %d" % e.code
            if e.code == 401:
                return "401 Unauthorized (wrong password for %s)" % user
        except (OSError, ssl.SSLError) as e:
            last = str(e)
        time.sleep(1)
    return last


# --- the indexer -------------------------------------------------------------------------------------------

def indexer_config():
    conf = load_yaml(INDEXER_YML)
    data = conf.get("path.data", "/var/lib/wazuh-indexer")
    return conf, data, os.path.join(data, "standin-security.json")


class IndexerHandler(http.server.BaseHTTPRequestHandler):
    conf = {}
    security = ""

    def log_message(self, fmt, *args):
        sys.stderr.write("indexer: " + (fmt % args) + "\n")

    def reply(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def client_dn(self):
        cert = self.connection.getpeercert()
        if not cert:
            return None
        rdns = [f for rdn in cert["subject"] for f in rdn]
        short = {"commonName": "CN", "organizationalUnitName": "OU", "organizationName": "O",
                 "localityName": "L", "countryName": "C"}
        return ",".join("%s=%s" % (short.get(k, k), v) for k, v in reversed(rdns))

    def authenticated(self):
        """'admin-cert', a user name, or None."""
        dn = self.client_dn()
        if dn and dn in as_list(self.conf.get("plugins.security.authcz.admin_dn")):
            return "admin-cert"
        state = load_json(self.security, None)
        if state is None:
            return None
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            if state["users"].get(user) == digest(password):
                return user
        return None

    def handle_any(self, method):
        if load_json(self.security, None) is None:
            return self.reply(503, {"error": "OpenSearch Security not initialized."})
        who = self.authenticated()
        if who is None:
            return self.reply(401, {"error": "Unauthorized"})
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        calls = os.path.join(os.path.dirname(self.security), "standin-calls.log")
        with open(calls, "a") as f:
            f.write("%s %s %s %s\n" % (who, method, self.path, body))
        m = re.match(r"^/_plugins/_security/api/internalusers/([^/]+)$", self.path)
        if m and method == "PUT":
            if who != "admin-cert":
                return self.reply(403, {"error": "only the admin certificate changes internal users"})
            state = load_json(self.security, None)
            state["users"][m.group(1)] = digest(json.loads(body)["password"])
            save_json(self.security, state, owner="wazuh-indexer")
            return self.reply(200, {"status": "OK"})
        if self.path == "/" and method == "GET":
            return self.reply(200, {"name": self.conf.get("node.name"), "cluster_name": "wazuh-cluster",
                                    "version": {"distribution": "opensearch", "number": "7.10.2"}})
        if self.path in ("/_cluster/settings", "/_flush", "/_cluster/health"):
            return self.reply(200, {"acknowledged": True})
        return self.reply(404, {"error": "no such endpoint in the stand-in: %s %s" % (method, self.path)})

    def do_GET(self):
        self.handle_any("GET")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_POST(self):
        self.handle_any("POST")


def service_indexer():
    conf, data, security = indexer_config()
    host = str(conf.get("network.host", "")).strip('"')
    base = "/etc/wazuh-indexer/"

    def path(key):
        value = conf.get(key)
        if not value:
            die("%s: %s is not set" % (INDEXER_YML, key))
        return value if value.startswith("/") else base + value

    cert, key, ca = (path("plugins.security.ssl.http.pemcert_filepath"),
                     path("plugins.security.ssl.http.pemkey_filepath"),
                     path("plugins.security.ssl.http.pemtrustedcas_filepath"))
    nodes_dn = as_list(conf.get("plugins.security.nodes_dn"))
    check_cert_files("wazuh-indexer", cert, key, ca, ip=host, subject=nodes_dn[0] if nodes_dn else None)
    if not os.path.isdir(data):
        die("path.data %s does not exist" % data)
    st = os.stat(data)
    if st.st_uid != pwd.getpwnam("wazuh-indexer").pw_uid:
        die("path.data %s is not owned by wazuh-indexer" % data)
    IndexerHandler.conf = conf
    IndexerHandler.security = security
    httpd = http.server.ThreadingHTTPServer((host, int(conf.get("http.port", 9200))), IndexerHandler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.load_verify_locations(ca)
    ctx.verify_mode = ssl.CERT_OPTIONAL
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    print("indexer listening on %s:9200" % host, flush=True)
    httpd.serve_forever()


def security_init():
    conf, data, security = indexer_config()
    host = str(conf.get("network.host", "")).strip('"')
    ca = "/etc/wazuh-indexer/certs/root-ca.pem"
    for cert in ("/etc/wazuh-indexer/certs/admin.pem", "/etc/wazuh-indexer/certs/admin-key.pem"):
        if not os.path.isfile(cert):
            die("indexer-security-init: %s is missing" % cert)
    # securityadmin reaches the node over TLS with the admin certificate; the node must be up.
    ctx = ssl.create_default_context(cafile=ca)
    ctx.load_cert_chain("/etc/wazuh-indexer/certs/admin.pem", "/etc/wazuh-indexer/certs/admin-key.pem")
    for _ in range(20):
        try:
            with socket.create_connection((host, 9200), timeout=3) as s:
                with ctx.wrap_socket(s, server_hostname=host):
                    break
        except OSError as e:
            err = e
            time.sleep(1)
    else:
        die("indexer-security-init: cannot reach the indexer at %s:9200: %s" % (host, err))
    # The package's internal_users.yml: every user's password is its name.
    save_json(security, {"users": {u: digest(u) for u in DEFAULT_INDEXER_USERS}}, owner="wazuh-indexer")
    print("**************************************************************************\n"
          "** This tool will be deprecated in the next major release of OpenSearch **\n"
          "Done with success")


# --- the passwords tool ------------------------------------------------------------------------------------

def passwords_tool(args):
    opts = {}
    flags = set()
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-A", "--api", "-a", "--change-all", "-v", "--verbose"):
            flags.add({"-A": "--api", "-a": "--change-all", "-v": "--verbose"}.get(a, a))
            i += 1
        elif a in ("-u", "--user", "-p", "--password", "-au", "--admin-user", "-ap", "--admin-password",
                   "-c", "--cert", "-k", "--certkey"):
            if i + 1 >= len(args) or not args[i + 1]:
                die("Argument %s needs a second argument" % a)
            opts[{"-u": "--user", "-p": "--password", "-au": "--admin-user", "-ap": "--admin-password",
                  "-c": "--cert", "-k": "--certkey"}.get(a, a)] = args[i + 1]
            i += 2
        else:
            die("wazuh-passwords-tool: unknown option %s" % a)
    user, password = opts.get("--user"), opts.get("--password")
    if not user or not password:
        die("wazuh-passwords-tool stand-in: -u and -p are required")
    if not PASSWORD_POLICY.match(password):
        die("ERROR: The password must have a length between 8 and 64 characters and contain at least one upper "
            "and lower case letter, a number and a symbol(.*+?-).")
    if "--api" in flags:
        admin, admin_password = opts.get("--admin-user"), opts.get("--admin-password")
        if not admin or not admin_password:
            die("ERROR: -au and -ap are required to change Wazuh API passwords")
        if subprocess.run(["systemctl", "is-active", "--quiet", "wazuh-manager"]).returncode != 0:
            die("ERROR: the Wazuh API (wazuh-manager) is not running")
        users = load_json(API_USERS, None)
        if users is None:
            die("ERROR: no Wazuh API user database")
        if users.get(admin) != digest(admin_password):
            die("ERROR: Could not get the Wazuh API token: invalid credentials for %s" % admin)
        if user not in users:
            die("ERROR: The given user %s does not exist" % user)
        users[user] = digest(password)
        save_json(API_USERS, users, mode=0o660, owner="wazuh")
        print("INFO: The password for Wazuh API user %s is %s" % (user, password))
        return
    conf, _, _ = indexer_config()
    host = str(conf.get("network.host", "")).strip('"')
    cert = opts.get("--cert", "/etc/wazuh-indexer/certs/admin.pem")
    key = opts.get("--certkey", "/etc/wazuh-indexer/certs/admin-key.pem")
    ctx = ssl.create_default_context(cafile="/etc/wazuh-indexer/certs/root-ca.pem")
    ctx.load_cert_chain(cert, key)
    req = urllib.request.Request("https://%s:9200/_plugins/_security/api/internalusers/%s" % (host, user),
                                 data=json.dumps({"password": password}).encode(), method="PUT",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=10):
            pass
    except (OSError, urllib.error.HTTPError) as e:
        die("ERROR: Could not change the password of %s: %s" % (user, e))
    print("INFO: The password for user %s is %s" % (user, password))


# --- analysisd: the rule files --------------------------------------------------------------------------

RULE_DIRS = ["/var/ossec/ruleset/rules", "/var/ossec/etc/rules"]
# The options of a <rule> in Wazuh's rules syntax reference (ruleset-xml-syntax/rules.html).
RULE_OPTIONS = {
    "match", "regex", "decoded_as", "category", "field", "srcip", "dstip", "srcport", "dstport", "data",
    "extra_data", "user", "system_name", "program_name", "protocol", "hostname", "id", "url", "location",
    "action", "status", "srcgeoip", "dstgeoip", "time", "weekday", "if_sid", "if_group", "if_level",
    "if_matched_sid", "if_matched_group", "same_id", "different_id", "same_srcip", "different_srcip",
    "same_dstip", "different_dstip", "same_srcport", "different_srcport", "same_dstport",
    "different_dstport", "same_location", "different_location", "same_srcuser", "different_srcuser",
    "same_user", "different_user", "same_protocol", "different_protocol", "same_action", "different_action",
    "same_data", "different_data", "same_extra_data", "different_extra_data", "same_status",
    "different_status", "same_system_name", "different_system_name", "same_url", "different_url",
    "same_field", "different_field", "global_frequency", "description", "list", "info", "options",
    "check_diff", "group", "mitre", "var", "not_same_source_ip",
}
RULE_ATTRIBUTES = {"id", "level", "maxsize", "frequency", "timeframe", "ignore", "overwrite", "noalert"}
PATTERN_TYPES = {"osmatch", "osregex", "pcre2"}


def check_rules():
    """What analysisd refuses when it loads the rule files: unparsable XML, a rule without a valid id or a
    level of 0-16, an id used twice, an option or attribute it does not know, a pattern type it does not know,
    a PCRE2 pattern that does not compile (checked with Python's re, close to PCRE2 for these patterns), a
    frequency rule without if_matched_*, and an if_sid or if_matched_sid naming no rule loaded before it."""
    ids = set()
    for directory in RULE_DIRS:
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".xml"):
                continue
            path = os.path.join(directory, name)
            try:
                with open(path) as f:
                    root = ET.fromstring("<root>%s</root>" % f.read())
            except (OSError, ET.ParseError) as e:
                die("wazuh-analysisd: ERROR: %s: %s" % (path, e))
            for group in root:
                if group.tag == "var":
                    continue
                if group.tag != "group" or not group.get("name"):
                    die("wazuh-analysisd: ERROR: %s: <%s> where a <group name=...> belongs" % (path, group.tag))
                for rule in group:
                    check_rule(path, rule, ids)
    return ids


def check_rule(path, rule, ids):
    where = "%s: rule %s" % (path, rule.get("id"))
    if rule.tag != "rule":
        die("wazuh-analysisd: ERROR: %s: <%s> inside a group" % (path, rule.tag))
    unknown = set(rule.attrib) - RULE_ATTRIBUTES
    if unknown:
        die("wazuh-analysisd: ERROR: %s: unknown attribute(s) %s" % (where, ", ".join(sorted(unknown))))
    if not re.fullmatch(r"[0-9]{1,6}", rule.get("id", "")):
        die("wazuh-analysisd: ERROR: %s: invalid rule id" % where)
    if not re.fullmatch(r"[0-9]+", rule.get("level", "")) or int(rule.get("level")) > 16:
        die("wazuh-analysisd: ERROR: %s: invalid level" % where)
    if rule.get("id") in ids:
        die("wazuh-analysisd: ERROR: %s: duplicated rule id" % where)
    for option in rule:
        if option.tag not in RULE_OPTIONS:
            die("wazuh-analysisd: ERROR: %s: invalid option <%s>" % (where, option.tag))
        kind = option.get("type")
        if kind is not None and kind not in PATTERN_TYPES:
            die("wazuh-analysisd: ERROR: %s: <%s> has unknown type %s" % (where, option.tag, kind))
        if option.tag == "field" and not option.get("name"):
            die("wazuh-analysisd: ERROR: %s: <field> without a name" % where)
        if kind == "pcre2":
            try:
                re.compile(option.text or "")
            except re.error as e:
                die("wazuh-analysisd: ERROR: %s: PCRE2 pattern %r: %s" % (where, option.text, e))
        if option.tag in ("if_sid", "if_matched_sid"):
            for ref in re.split(r"[\s,]+", (option.text or "").strip()):
                if ref not in ids:
                    die("wazuh-analysisd: ERROR: %s: %s %s is not a rule loaded before it" % (where, option.tag, ref))
    if rule.get("frequency") and rule.find("if_matched_sid") is None and rule.find("if_matched_group") is None:
        die("wazuh-analysisd: ERROR: %s: frequency without if_matched_sid or if_matched_group" % where)
    if (option := rule.find("description")) is None or not (option.text or "").strip():
        die("wazuh-analysisd: ERROR: %s: no description" % where)
    ids.add(rule.get("id"))


def analysisd(args):
    if args != ["-t"]:
        die("usage: wazuh-analysisd -t  (the stand-in only tests the configuration)")
    ossec_conf()
    check_rules()


# --- keystores ---------------------------------------------------------------------------------------------

def wazuh_keystore(args):
    if len(args) != 4 or args[0] != "-f" or args[2] != "-k":
        die("usage: wazuh-keystore -f <family> -k <key>  (value on stdin)")
    value = sys.stdin.read().rstrip("\n")
    store = load_json(WAZUH_KEYSTORE, {})
    store.setdefault(args[1], {})[args[3]] = value
    save_json(WAZUH_KEYSTORE, store, mode=0o660, owner="wazuh")


def filebeat_cli(args):
    if args[:2] == ["keystore", "create"]:
        if os.path.exists(FILEBEAT_KEYSTORE) and "--force" not in args:
            die("A keystore already exists, Overwrite? (use --force)")
        save_json(FILEBEAT_KEYSTORE, {})
        print("Created filebeat keystore")
        return
    if args[:2] == ["keystore", "add"] and "--stdin" in args:
        name = [a for a in args[2:] if not a.startswith("--")][0]
        if not os.path.exists(FILEBEAT_KEYSTORE):
            die("The filebeat keystore does not exist. Use the 'create' command to create one")
        store = load_json(FILEBEAT_KEYSTORE, {})
        if name in store and "--force" not in args:
            die("Setting %s already exists, Overwrite? (use --force)" % name)
        store[name] = sys.stdin.read().rstrip("\n")
        save_json(FILEBEAT_KEYSTORE, store)
        print("Successfully updated the keystore")
        return
    die("filebeat stand-in: unsupported command %s" % " ".join(args))


def dashboard_keystore(args):
    if "--allow-root" not in args and os.geteuid() == 0:
        die("opensearch-dashboards-keystore should not be run as root. Use --allow-root to continue.")
    rest = [a for a in args if a != "--allow-root"]
    if rest[:1] == ["add"] and "--stdin" in rest:
        name = [a for a in rest[1:] if not a.startswith("-")][0]
        store = load_json(DASHBOARD_KEYSTORE, {})
        if name in store and "-f" not in rest and "--force" not in rest:
            die("Setting %s already exists. Overwrite? (use -f)" % name)
        store[name] = sys.stdin.read().rstrip("\n")
        save_json(DASHBOARD_KEYSTORE, store, owner="wazuh-dashboard")
        return
    if rest[:1] == ["create"]:
        save_json(DASHBOARD_KEYSTORE, {}, owner="wazuh-dashboard")
        return
    die("opensearch-dashboards-keystore stand-in: unsupported command %s" % " ".join(args))


# --- the manager, the agent, Filebeat, the dashboard -------------------------------------------------------

def ossec_conf():
    """ossec.conf as Wazuh reads it: one or more <ossec_config> blocks, merged in order."""
    try:
        with open(OSSEC_CONF) as f:
            text = f.read()
        root = ET.fromstring("<root>%s</root>" % re.sub(r"<\?xml[^>]*\?>", "", text))
    except (OSError, ET.ParseError) as e:
        die("wazuh: %s: %s" % (OSSEC_CONF, e))
    blocks = root.findall("ossec_config")
    if not blocks:
        die("wazuh: %s has no <ossec_config> block" % OSSEC_CONF)
    return blocks


def last(blocks, path):
    value = None
    for block in blocks:
        for el in block.findall(path):
            value = (el.text or "").strip()
    return value


def write_status(path, status, owner):
    save_json(path, status, mode=0o640, owner=owner)


def check_common_wazuh(blocks):
    """What wazuh-control checks before starting: the SCA policies it is told to load exist."""
    for block in blocks:
        for policy in block.findall("sca/policies/policy"):
            p = (policy.text or "").strip()
            full = p if p.startswith("/") else os.path.join("/var/ossec", p)
            if not os.path.isfile(full):
                die("wazuh-modulesd:sca: policy file %s not found" % full)


def check_authd_pass(path):
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        die("wazuh-authd: %s is missing or empty" % path)
    st = os.stat(path)
    if st.st_mode & 0o777 != 0o640 or st.st_uid != 0 or st.st_gid != grp.getgrnam("wazuh").gr_gid:
        die("wazuh-authd: %s must be root:wazuh 640" % path)


def sleep_forever():
    while True:
        time.sleep(3600)


def service_manager():
    blocks = ossec_conf()
    check_common_wazuh(blocks)
    check_rules()
    if last(blocks, "auth/use_password") == "yes":
        check_authd_pass("/var/ossec/etc/authd.pass")
    status = {"use_password": last(blocks, "auth/use_password")}
    if last(blocks, "indexer/enabled") == "yes":
        host = last(blocks, "indexer/hosts/host")
        store = load_json(WAZUH_KEYSTORE, {}).get("indexer", {})
        status["indexer"] = login(host, store.get("username", ""), store.get("password", ""),
                                  last(blocks, "indexer/ssl/certificate_authorities/ca"),
                                  last(blocks, "indexer/ssl/certificate"), last(blocks, "indexer/ssl/key"))
    write_status("/var/ossec/var/run/standin-status.json", status, "wazuh")
    sleep_forever()


def service_agent():
    blocks = ossec_conf()
    check_common_wazuh(blocks)
    address = last(blocks, "client/server/address")
    if not address or address == "MANAGER_IP":
        die("wazuh-agentd: no manager address in %s" % OSSEC_CONF)
    # Without a password file the real agent still runs, and its enrolment is refused by a manager that requires
    # one: recorded, not fatal.
    password = "/var/ossec/etc/authd.pass"
    enrolment = "password" if os.path.isfile(password) and os.path.getsize(password) else "no password"
    write_status("/var/ossec/var/run/standin-status.json", {"manager": address, "enrolment": enrolment}, "wazuh")
    sleep_forever()


def resolve(value, store, where):
    def sub(m):
        if m.group(1) not in store:
            die("filebeat: %s: missing field %s (not in the keystore)" % (where, m.group(1)))
        return store[m.group(1)]
    return re.sub(r"\$\{([^}]+)\}", sub, str(value))


def service_filebeat():
    conf = load_yaml(FILEBEAT_YML)
    store = load_json(FILEBEAT_KEYSTORE, {})
    out = conf.get("output.elasticsearch") or {}
    user = resolve(out.get("username", ""), store, "output.elasticsearch.username")
    password = resolve(out.get("password", ""), store, "output.elasticsearch.password")
    template = conf.get("setup.template.json.path")
    try:
        with open(template) as f:
            json.load(f)
    except (OSError, ValueError, TypeError) as e:
        die("filebeat: setup.template.json.path %s: %s" % (template, e))
    for module in as_list(conf.get("filebeat.modules")):
        manifest = "/usr/share/filebeat/module/%s/alerts/manifest.yml" % module.get("module")
        if not os.path.isfile(manifest):
            die("filebeat: module %s is not installed (%s)" % (module.get("module"), manifest))
    cas = as_list(out.get("ssl.certificate_authorities"))
    check_cert_files("root", out.get("ssl.certificate"), out.get("ssl.key"), cas[0])
    status = {}
    for host in as_list(out.get("hosts")):
        status[host] = login("https://%s/" % host, user, password, cas[0], out.get("ssl.certificate"),
                             out.get("ssl.key"))
    write_status("/var/lib/filebeat/standin-status.json", status, "root")
    sleep_forever()


def service_dashboard():
    conf = load_yaml(DASHBOARD_YML)
    cert, key = conf.get("server.ssl.certificate"), conf.get("server.ssl.key")
    cas = as_list(conf.get("opensearch.ssl.certificateAuthorities"))
    check_cert_files("wazuh-dashboard", cert, key, cas[0])
    store = load_json(DASHBOARD_KEYSTORE, {})
    user = store.get("opensearch.username") or conf.get("opensearch.username")
    password = store.get("opensearch.password") or conf.get("opensearch.password")
    if not user or not password:
        die("wazuh-dashboard: no opensearch.username/opensearch.password in the keystore or the configuration")
    with open(DASHBOARD_WAZUH_YML) as f:
        api_hosts = yaml.safe_load(f).get("hosts") or []
    status = {"api_hosts": api_hosts}
    for host in as_list(conf.get("opensearch.hosts")):
        status[host] = login(host.rstrip("/") + "/", user, password, cas[0])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"Wazuh dashboard (stand-in)\n")

    # The harness shares the host's network: a wildcard address becomes this VM's own (its hostname's) address.
    host = str(conf.get("server.host"))
    if host in ("0.0.0.0", "::"):
        host = socket.gethostbyname(socket.gethostname())
    httpd = http.server.ThreadingHTTPServer((host, int(conf.get("server.port"))), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    write_status("/var/lib/wazuh-dashboard/standin-status.json", status, "wazuh-dashboard")
    httpd.serve_forever()


def main(argv):
    if not argv:
        die("usage: standin.py <command> ...")
    command, args = argv[0], argv[1:]
    if command == "service":
        {"indexer": service_indexer, "manager": service_manager, "agent": service_agent,
         "filebeat": service_filebeat, "dashboard": service_dashboard}[args[0]]()
    elif command == "security-init":
        security_init()
    elif command == "passwords-tool":
        passwords_tool(args)
    elif command == "analysisd":
        analysisd(args)
    elif command == "wazuh-keystore":
        wazuh_keystore(args)
    elif command == "filebeat":
        filebeat_cli(args)
    elif command == "dashboard-keystore":
        dashboard_keystore(args)
    else:
        die("standin.py: unknown command %s" % command)


if __name__ == "__main__":
    main(sys.argv[1:])
