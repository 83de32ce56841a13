/**
 * A registered `aws:ec2/instance:Instance` booted once, as EC2 and cloud-init would boot it, from the registered
 * resources only: its `userData` through cloud-init's module order (tests/system/fixtures/cloud-init-first-boot.py),
 * its attached data volume appearing as Nitro instances show an EBS volume, and the system commands that touch the
 * machine or the cloud stubbed. The AWS CLI stub answers `secretsmanager get-secret-value` from the registered secret
 * versions, and only for the secret and version asked for.
 *
 * {@link BootOptions} let a test change the world around the registered inputs, never the inputs themselves: a
 * volume that is never attached, a volume an earlier instance formatted, a secret version with a field taken out.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ContainerRoot } from "./containerRoot";
import type { Registered, RegisteredStack } from "./registered";

const BOOT = path.join(__dirname, "..", "fixtures", "cloud-init-first-boot.py");

/** Stubs of the commands that would touch the disk, the network, systemd or AWS. Each logs its arguments. */
const STUBS: Record<string, string> = {
    // Answers only `secretsmanager get-secret-value ... --query SecretString --output text` for a registered version.
    aws: `printf '%s\\n' "aws $*" >>"$STUB_LOG"
secret="" version=""
while [[ $# -gt 0 ]]; do case "$1" in --secret-id) secret="$2"; shift ;; --version-id) version="$2"; shift ;; esac; shift; done
jq -jre --arg s "$secret" --arg v "$version" '.[] | select(.arn == $s and .versionId == $v) | .secretString' "$STUB_SECRETS" ||
    { echo "An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation" >&2; exit 254; }`,
    blkid: `printf '%s\\n' "blkid $*" >>"$STUB_LOG"; if [[ "$1" == "-s" ]]; then echo 1111-2222; elif [[ -f "$STUB_FORMATTED" ]]; then exit 0; else exit 2; fi`,
    "mkfs.ext4": `printf '%s\\n' "mkfs.ext4 $*" >>"$STUB_LOG"; : >"$STUB_FORMATTED"`,
    mount: `printf '%s\\n' "mount $*" >>"$STUB_LOG"`,
    mountpoint: `printf '%s\\n' "mountpoint $*" >>"$STUB_LOG"; exit 1`,
    curl: `printf '%s\\n' "curl $*" >>"$STUB_LOG"; while [[ $# -gt 0 ]]; do if [[ "$1" == "-o" ]]; then printf 'WAR' >"$2"; fi; shift; done`,
    systemctl: `printf '%s\\n' "systemctl $*" >>"$STUB_LOG"`,
    hostname: `echo ip-10-40-128-10.eu-west-1.compute.internal`,
    // Logs and returns at once: a wait that times out (a volume that never appears) takes no wall time.
    sleep: `printf '%s\\n' "sleep $*" >>"$STUB_LOG"`,
};

export interface BootOptions {
    /**
     * What Secrets Manager holds for each registered version, given its registered `secretString`. Only for a case
     * that needs a broken input, which it must derive from the registered one (e.g. with one field removed).
     */
    readonly secretString?: (registered: string) => string;
    /** false: the platform never attaches the instance's volumes, so they never appear. Default: attached. */
    readonly attachVolumes?: boolean;
    /** The data volume as an earlier boot left it (a retained volume): formatted then, it is not blank now. */
    readonly retainedVolumeOf?: BootedInstance;
}

export interface BootedInstance {
    readonly root: ContainerRoot;
    readonly status: number | null;
    readonly output: string;
    /** What the stubs logged during the boot, one command a line. */
    readonly log: string[];
    readonly packages: string[];
    /** The data volume's device nodes, as the instance sees them (`/dev/nvme1n1`, ...). */
    readonly devices: string[];
    /** Marks the data volume as formatted (the blkid and mkfs stubs share it); a retained volume keeps it. */
    readonly volumeFormattedFlag: string;
    /** Runs `command` on the booted instance again, as root with cloud-init's environment (an operator's re-run). */
    run(command: readonly string[]): { status: number | null; output: string; log: string[] };
}

/** The Nitro NVMe name of an EBS volume, as udev links it: the volume ID without its dash is the disk's serial. */
export const nitroDeviceLink = (volumeId: string) => `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${volumeId.replace(/-/g, "")}`;

export function bootInstance(stack: RegisteredStack, instance: Registered, options: BootOptions = {}): BootedInstance {
    const root = new ContainerRoot(instance.name.slice(-30), ["/etc", "/usr", "/var", "/run", "/dev"]);
    const stubs = root.scratch("stubs");
    fs.mkdirSync(stubs);
    for (const [name, body] of Object.entries(STUBS)) fs.writeFileSync(path.join(stubs, name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });

    // The secrets as Secrets Manager holds them: each registered version, under its secret's ARN.
    const store = stack.ofType("aws:secretsmanager/secretVersion:SecretVersion").map((version) => {
        const secret = stack.ofType("aws:secretsmanager/secret:Secret").find((s) => s.outputs.id === version.inputs.secretId) as Registered;
        const registered = String(version.inputs.secretString);
        return { arn: secret.outputs.arn, versionId: version.outputs.versionId, secretString: options.secretString?.(registered) ?? registered };
    });
    fs.writeFileSync(root.scratch("secrets.json"), JSON.stringify(store), { mode: 0o600 });

    // Each volume attached to this instance appears as an NVMe disk (a block device node of an unassigned major:
    // nothing can open it, so no stub mistake can write to a real disk) with udev's by-id link.
    const attached =
        options.attachVolumes === false
            ? []
            : stack.ofType("aws:ec2/volumeAttachment:VolumeAttachment").filter((a) => a.inputs.instanceId === instance.outputs.id);
    const devices = attached.map((_, i) => `/dev/nvme${i + 1}n1`);
    attached.forEach((attachment, i) => {
        const node = root.hostPath(`/dev/nvme${i + 1}n1`);
        fs.mkdirSync(path.dirname(node), { recursive: true });
        const made = spawnSync("mknod", [node, "b", "240", String(i)], { encoding: "utf8" });
        if (made.status !== 0) throw new Error(`mknod: ${made.stderr}`);
        const link = root.hostPath(nitroDeviceLink(String(attachment.inputs.volumeId)));
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(`../../nvme${i + 1}n1`, link);
    });

    fs.writeFileSync(root.scratch("user-data"), String(instance.inputs.userData));
    const volumeFormattedFlag = options.retainedVolumeOf?.volumeFormattedFlag ?? root.scratch("formatted");
    const env = {
        // cloud-init's service environment, with the stubs first.
        PATH: `${stubs}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
        LANG: "C.UTF-8",
        HOME: "/root",
        STUB_LOG: root.scratch("stub-log"),
        STUB_SECRETS: root.scratch("secrets.json"),
        STUB_FORMATTED: volumeFormattedFlag,
    };
    const read = (file: string) => (fs.existsSync(root.scratch(file)) ? fs.readFileSync(root.scratch(file), "utf8") : "");
    const logLines = () => read("stub-log").split("\n").filter(Boolean);
    const run = (command: readonly string[], timeoutMs = 60_000) => {
        const before = logLines().length;
        const result = root.run(command, env, timeoutMs);
        return { status: result.status, output: `${result.stdout}${result.stderr}`, log: logLines().slice(before) };
    };
    const boot = run(["/usr/bin/python3", BOOT, root.scratch("user-data"), root.scratch("packages.json")]);
    return {
        root,
        ...boot,
        packages: read("packages.json") === "" ? [] : (JSON.parse(read("packages.json")) as string[]),
        devices,
        volumeFormattedFlag,
        run: (command) => run(command, 30_000),
    };
}
