/**
 * The readiness gate of an EC2 license server: the check SSM runs on the new instance (`ec2/license-server/await-ready.sh`,
 * passed in by the platform) and the time limits around it. EC2 reports an instance running long before its
 * Tomcat answers (first-boot packages, the WAR download, Tomcat's start); the gate is what lets the other
 * environment's license server be replaced only once this one answers.
 */
import { shellQuote } from "./licenseServerUserData";

/**
 * Time the SSM agent of a new instance may take to start and register before the check can be sent (it boots
 * alongside cloud-init), in seconds.
 */
export const AGENT_REGISTRATION_SECONDS = 300;

/**
 * Grace between the check giving up on its own (with its message) and SSM killing it (`executionTimeout`), seconds.
 */
export const CHECK_KILL_GRACE_SECONDS = 30;

export interface ReadinessCheckSettings {
    /** The servlet's context path, e.g. `oXygenLicenseServlet`. */
    readonly contextPath: string;
    /** Tomcat's HTTP port on the instance. */
    readonly port: number;
    /** How long the check waits in all, from its start, seconds (`aws.licenseServer.readyTimeoutSeconds`). */
    readonly timeoutSeconds: number;
}

/**
 * The time limits of one check, seconds: its own deadline, and SSM's `executionTimeout` (which kills a check that
 * hangs). The gate waits at most {@link AGENT_REGISTRATION_SECONDS} for the agent, then the execution timeout and a
 * minute for SSM's last status update.
 */
export function readinessTimeouts(timeoutSeconds: number): { readonly check: number; readonly execution: number } {
    return { check: timeoutSeconds, execution: timeoutSeconds + CHECK_KILL_GRACE_SECONDS };
}

/**
 * The check as SSM receives it (the `commands` parameter of AWS-RunShellScript): the script's shebang, the settings
 * as shell assignments, then the rest of the script.
 */
export function renderReadinessCheck(settings: ReadinessCheckSettings, script: string): string {
    const newline = script.indexOf("\n");
    if (!script.startsWith("#!") || newline < 0) throw new Error("the readiness check script must start with a shebang line");
    const assignments = [
        `CONTEXT_PATH=${shellQuote(settings.contextPath)}`,
        `PORT=${settings.port}`,
        `READY_TIMEOUT_SECONDS=${readinessTimeouts(settings.timeoutSeconds).check}`,
    ];
    return `${script.slice(0, newline + 1)}${assignments.join("\n")}\n${script.slice(newline + 1)}`;
}
