import { z } from "zod";

/** Value formats shared by the platform-neutral schema and the AWS block. */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const ipv4 = z.string().regex(IPV4, "must be an IPv4 address");

/** An IPv4 CIDR block: address and a prefix length from 0 to 32. */
export const cidr = z.string().refine((value) => {
    const [address, bits, ...rest] = value.split("/");
    return rest.length === 0 && IPV4.test(address ?? "") && /^\d{1,2}$/.test(bits ?? "") && Number(bits) <= 32;
}, "must be an IPv4 CIDR block such as 203.0.113.0/24");
