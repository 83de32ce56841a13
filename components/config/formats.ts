import { z } from "zod";

/**
 * Value formats shared by the platform-neutral schema and the AWS block. Each one rejects what the consumer of the
 * value (Docker, HAProxy, Java, curl, AWS) would read differently from what the user wrote.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** @internal */
export function isIpv4(value: string): boolean {
    return IPV4.test(value);
}

function ipv4ToNumber(address: string): number {
    return address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/**
 * Whether a valid IPv4 CIDR's host bits are all zero.
 * @internal
 */
export function isNetworkCidr(cidr: string): boolean {
    const [address, bits] = cidr.split("/");
    return ipv4ToNumber(address as string) % 2 ** (32 - Number(bits)) === 0;
}

/**
 * The first address of a CIDR and the number of addresses in it.
 * @internal
 */
export function cidrRange(cidr: string): { readonly start: number; readonly size: number } {
    const [address, bits] = cidr.split("/");
    return { start: ipv4ToNumber(address as string), size: 2 ** (32 - Number(bits)) };
}

export const ipv4 = z.string({ error: "must be an IPv4 address (text)" }).regex(IPV4, { message: "must be an IPv4 address", abort: true });

/**
 * An address a Docker host can bind a published port to: a unicast IPv4 address of that host, `127.0.0.1`, or
 * `0.0.0.0` (every interface). Multicast and reserved addresses (224.0.0.0 and up) are never a host's own.
 */
export const bindAddress = ipv4.refine(
    (value) => Number(value.split(".")[0]) < 224,
    "must be an address of the Docker host (or 0.0.0.0 for all of its interfaces); 224.0.0.0 and above are multicast or reserved",
);

/** An IPv4 CIDR block in its network form: address, a prefix length from 0 to 32, no host bits set. */
export const cidr = z
    .string()
    .refine(
        (value) => {
            const [address, bits, ...rest] = value.split("/");
            return rest.length === 0 && IPV4.test(address ?? "") && /^\d{1,2}$/.test(bits ?? "") && Number(bits) <= 32;
        },
        { message: "must be an IPv4 CIDR block such as 203.0.113.0/24", abort: true },
    )
    .refine((value) => isNetworkCidr(value), "has host bits set; write the network address (e.g. 203.0.113.0/24, not 203.0.113.7/24)");

const LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(\\.${LABEL})*$`);

/**
 * A host name or IPv4 address at which other hosts reach this one. Dotted numbers must be a valid IPv4 address
 * (`10.0.0.256` is not a host name either), and loopback or unspecified addresses reach nobody else.
 */
export const hostAddress = z
    .string()
    .regex(HOSTNAME, { message: "must be a host name or IPv4 address", abort: true })
    .refine((value) => !/^[\d.]+$/.test(value) || isIpv4(value), "looks like an IPv4 address but is not one (four numbers from 0 to 255)")
    .refine(
        (value) => !(value.toLowerCase() === "localhost" || /^127\./.test(value) || value === "0.0.0.0"),
        "must be an address other hosts can reach; localhost, 127.x and 0.0.0.0 only ever reach the host that uses them",
    );

/** Control characters (C0, DEL, C1), unpaired surrogates and the non-characters U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNWRITABLE = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whether text survives every file it is written to unchanged: `license.properties` (Java escapes), the license
 * servers' `tomcat-users.xml` (XML 1.0 has no representation for most control characters, and normalises tabs and
 * line breaks in attributes), shell variables (no NUL) and the entrypoints' secret files (trailing line breaks are
 * dropped when read).
 * @internal
 */
export function isWritableText(value: string): boolean {
    return !UNWRITABLE.test(value);
}

/** A URL path segment that names no file: `.` or `..`, also percent-encoded; URL parsers and curl remove them. */
function hasDotSegment(value: string): boolean {
    const path = value.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/)[0] ?? "";
    return path.split("/").some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

/** The URL, if `value` is an absolute http(s) URL with a host. */
function parsedHttpUrl(value: string): URL | undefined {
    try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0 ? url : undefined;
    } catch {
        return undefined;
    }
}

/**
 * An absolute http(s) URL as it will be fetched: no credentials (they would sit in plain container environment,
 * user data and stack outputs; the values that need them have their own secret keys), no `.`/`..` segments and no
 * white space or control characters (URL parsers silently remove or resolve them, so the URL used would differ).
 * Messages never repeat the value: it might hold a password.
 */
export const httpUrl = z
    .string({ error: "must be a URL (text)" })
    .refine((value) => parsedHttpUrl(value) !== undefined, { message: "must be an absolute http:// or https:// URL", abort: true })
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .refine((value) => !/[\s\u0000-\u001f\u007f]/.test(value), "must not contain spaces, tabs or line breaks (percent-encode them)")
    .refine((value) => {
        const url = new URL(value);
        return url.username === "" && url.password === "";
    }, "must not contain credentials (user:password@): they would be stored and shown in plain text")
    .refine((value) => !hasDotSegment(value), "must not contain `.` or `..` path segments (they would be resolved away)");

/** The license servlet's URL: `http://HOST:PORT/<context path>/license-servlet`, no query or fragment. */
export const licenseServletUrl = httpUrl.refine((value) => {
    const url = new URL(value);
    return /^\/[^/]+\/license-servlet$/.test(url.pathname) && !/[?#]/.test(value);
}, "must be the license servlet's URL, ending in /<context path>/license-servlet, e.g. http://ls.example.com:8080/oXygenLicenseServlet/license-servlet");

/**
 * A Docker image reference as the engine parses it (distribution's reference grammar): an optional registry with
 * port, lower-case path components, then an optional tag and digest.
 */
const IMAGE_REFERENCE =
    /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?|\[[0-9a-fA-F:]+\](?::\d+)?)\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

export const imageReference = z
    .string({ error: "must be an image reference (text)" })
    .regex(
        IMAGE_REFERENCE,
        "must be a Docker image reference such as haproxy:3.0.5 or registry.example.com:5000/team/web-author:28.0 (lower-case name, no spaces)",
    );
