import HTTPServer

/// A minimal server-rendered sign-in page: password, then a passkey (WebAuthn) or another factor, or a passkey
/// alone where the realm allows it; all through the public JSON API. The script is served separately so the
/// page's CSP forbids inline code.
enum SignInPage {
    /// No inline script, no third-party anything, not framable.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// - Parameter passwordless: whether a realm allows a passkey alone (the page then offers it).
    static func register(in table: inout RouteTable, passwordless: @escaping @Sendable (String) -> Bool) {
        table.add(APIOperation("GET", "/realms/{realm}/signin", summary: "A minimal sign-in page (password, then a passkey or code).",
                               tag: "pages", responses: [(200, "HTML.", "text/html")]), execution: .inline) { request in
            let realm = try request.parameter("realm")
            return page(realm: realm, passwordless: passwordless(realm))
        }
        table.add(APIOperation("GET", "/assets/signin.js", summary: "The sign-in page's script.", tag: "pages",
                               responses: [(200, "JavaScript.", "text/javascript")]), execution: .inline) { _ in
            var response = Response.text(script, contentType: "text/javascript; charset=utf-8")
            response.headers.set("Cache-Control", "no-cache")
            return response
        }
        table.add(APIOperation("GET", "/assets/signin.css", summary: "The sign-in page's style sheet.", tag: "pages",
                               responses: [(200, "CSS.", "text/css")]), execution: .inline) { _ in
            Response.text(style, contentType: "text/css; charset=utf-8")
        }
    }

    static func page(realm: String, passwordless: Bool) -> Response {
        let escaped = realm.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" }
            ? realm : "invalid"
        let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Sign in · Gatehouse</title>
        <link rel="stylesheet" href="/assets/signin.css"></head>
        <body data-realm="\(escaped)">
        <main>
          <h1>Sign in</h1>
          <form id="password-form">
            <label>Username <input id="username" name="username" autocomplete="username webauthn" required></label>
            <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
            <button id="sign-in" type="submit">Continue</button>
          </form>
          <button id="passkey-only" type="button"\(passwordless ? "" : " hidden")>Sign in with a passkey</button>
          <section id="factor" hidden>
            <p id="factor-prompt"></p>
            <button id="passkey" type="button" hidden>Use a passkey</button>
            <form id="code-form" hidden><label>Code <input id="code" autocomplete="one-time-code" inputmode="numeric"></label>
              <button id="submit-code" type="submit">Verify</button></form>
          </section>
          <p id="status" role="status"></p>
          <pre id="result" hidden></pre>
        </main>
        <script src="/assets/signin.js"></script>
        </body></html>
        """
        var response = Response.text(html, contentType: "text/html; charset=utf-8")
        response.headers.set("Content-Security-Policy", contentSecurityPolicy)
        return response
    }

    static let style = """
    body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
    label { display: block; margin: .5rem 0; } input { width: 100%; padding: .4rem; }
    button { margin-top: .75rem; padding: .5rem 1rem; } pre { white-space: pre-wrap; word-break: break-all; }
    """

    /// The flow: password → `next` is `enroll` or `factor` → WebAuthn ceremony (or a code) → token response;
    /// or `login/passwordless` → WebAuthn ceremony with no allow-list → token response.
    static let script = #"""
    "use strict";
    const realm = document.body.dataset.realm;
    const api = `/api/v1/realms/${realm}`;
    const $ = (id) => document.getElementById(id);
    let flow = null;

    async function call(path, body) {
      const response = await fetch(api + path, { method: "POST", headers: { "Content-Type": "application/json" },
                                                 body: JSON.stringify(body ?? {}) });
      const json = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(json.detail || `HTTP ${response.status}`);
      return json;
    }

    function done(tokens) {
      $("factor").hidden = true;
      $("status").textContent = "Signed in.";
      $("result").hidden = false;
      $("result").textContent = JSON.stringify(tokens, null, 2);
    }

    function fail(error) { $("status").textContent = error.message; }

    async function passkey() {
      try {
        if (flow.next === "enroll") {
          const options = await call(`/login/${flow.flow_id}/enroll/webauthn`);
          const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
          done(await call(`/login/${flow.flow_id}/enroll/webauthn/finish`, credential.toJSON()));
        } else {
          const options = await call(`/login/${flow.flow_id}/webauthn/challenge`);
          const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
          done(await call(`/login/${flow.flow_id}/webauthn`, credential.toJSON()));
        }
      } catch (error) { fail(error); }
    }

    $("password-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        flow = await call("/login", { username: $("username").value, password: $("password").value });
        if (flow.access_token) { done(flow); return; }
        $("password-form").hidden = true;
        $("factor").hidden = false;
        $("factor-prompt").textContent = flow.next === "enroll" ? "Set up a second factor." : "Confirm it is you.";
        $("passkey").hidden = !flow.factors.includes("webauthn");
        $("code-form").hidden = !(flow.next === "factor" && flow.factors.some((kind) => kind !== "webauthn"));
      } catch (error) { fail(error); }
    });
    $("passkey").addEventListener("click", passkey);
    $("passkey-only").addEventListener("click", async () => {
      try {
        flow = await call("/login/passwordless");
        await passkey();
      } catch (error) { fail(error); }
    });
    $("code-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const kind = flow.factors.includes("totp") ? "totp" : flow.factors.find((k) => k !== "webauthn");
      try { done(await call(`/login/${flow.flow_id}/${kind}`, { code: $("code").value })); } catch (error) { fail(error); }
    });
    """#
}
