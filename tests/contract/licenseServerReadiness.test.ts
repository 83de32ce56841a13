import fs from "node:fs";
import path from "node:path";
import {
    AGENT_REGISTRATION_SECONDS,
    CHECK_KILL_GRACE_SECONDS,
    readinessTimeouts,
    renderReadinessCheck,
} from "../../components/contract/licenseServerReadiness";

const SCRIPT = fs.readFileSync(path.join(__dirname, "..", "..", "ec2", "license-server", "await-ready.sh"), "utf8");

describe("the readiness check as SSM receives it", () => {
    const rendered = renderReadinessCheck({ contextPath: "oXygenLicenseServlet", port: 8080, timeoutSeconds: 900 }, SCRIPT);
    const lines = rendered.split("\n");

    it("keeps the script's shebang first, then sets the settings, then runs the script unchanged", () => {
        expect(lines.slice(0, 4)).toEqual(["#!/bin/sh", "CONTEXT_PATH='oXygenLicenseServlet'", "PORT=8080", "READY_TIMEOUT_SECONDS=900"]);
        expect(lines.slice(4).join("\n")).toBe(SCRIPT.slice(SCRIPT.indexOf("\n") + 1));
    });

    it("quotes the context path for the shell", () => {
        const quoted = renderReadinessCheck({ contextPath: "it's $HOME", port: 8081, timeoutSeconds: 61 }, SCRIPT).split("\n");
        expect(quoted.slice(1, 4)).toEqual(["CONTEXT_PATH='it'\\''s $HOME'", "PORT=8081", "READY_TIMEOUT_SECONDS=61"]);
    });

    it("refuses a script without a shebang line (its settings would come before the interpreter line)", () => {
        expect(() => renderReadinessCheck({ contextPath: "x", port: 1, timeoutSeconds: 60 }, "set -eu\n")).toThrow(/shebang/);
        expect(() => renderReadinessCheck({ contextPath: "x", port: 1, timeoutSeconds: 60 }, "#!/bin/sh")).toThrow(/shebang/);
    });
});

describe("the check's time limits", () => {
    it("let the check give up with its own message before SSM kills it", () => {
        expect(readinessTimeouts(900)).toEqual({ check: 900, execution: 930 });
        expect(readinessTimeouts(60)).toEqual({ check: 60, execution: 60 + CHECK_KILL_GRACE_SECONDS });
        expect([CHECK_KILL_GRACE_SECONDS, AGENT_REGISTRATION_SECONDS]).toEqual([30, 300]);
    });
});
