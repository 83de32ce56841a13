import type { Platform } from "../config/schema";
import { awsPlatform, AwsPlatformTypes } from "./aws";
import { dockerPlatform, DockerPlatformTypes } from "./docker";
import type { PlatformImplementation, PlatformTypes } from "./shared/platform";

/**
 * Which implementation serves which `platform`. An interface, so that a platform kept outside this package (a test
 * double, say) can add itself by declaration merging and {@link registerPlatform}, without editing this file:
 *
 * ```ts
 * declare module "oxygen-webauthor-ha" {
 *     interface PlatformTypeMap { fake: FakePlatformTypes }
 * }
 * registerPlatform("fake", fakePlatform);
 * ```
 */
export interface PlatformTypeMap {
    docker: DockerPlatformTypes;
    aws: AwsPlatformTypes;
}

export type PlatformName = keyof PlatformTypeMap;

/**
 * The platforms this package ships. `satisfies` is the compile-time check: a platform the config schema names
 * without an entry here, or an entry that does not implement the whole surface for its own config, does not compile.
 */
const BUILT_IN = {
    docker: dockerPlatform,
    aws: awsPlatform,
} as const satisfies { readonly [P in Platform]: PlatformImplementation<PlatformTypeMap[P]> };

const registry = new Map<string, PlatformImplementation<PlatformTypes>>(Object.entries(BUILT_IN));

/** Adds a platform kept outside this package (its types added to {@link PlatformTypeMap} by declaration merging). */
export function registerPlatform<P extends PlatformName>(platform: P, implementation: PlatformImplementation<PlatformTypeMap[P]>): void {
    if (registry.has(platform)) throw new Error(`platform ${platform} is already registered`);
    registry.set(platform, implementation);
}

/**
 * The implementation of the platform `config` names.
 * @internal
 */
export function implementationFor<P extends PlatformName>(config: PlatformTypeMap[P]["config"]): PlatformImplementation<PlatformTypeMap[P]> {
    const implementation = registry.get(config.platform);
    if (implementation === undefined) throw new Error(`no implementation is registered for platform ${config.platform}`);
    // The map holds each platform's own implementation under its name (BUILT_IN's check, registerPlatform's
    // signature); TypeScript cannot correlate a Map's keys with its values, so this is the one place that says so.
    return implementation as PlatformImplementation<PlatformTypeMap[P]>;
}

/**
 * A provider's platform, named for messages ("a docker provider"), from the platforms that own one.
 * @internal
 */
export function providerKind(provider: object): string {
    for (const [platform, implementation] of registry) if (implementation.ownsProvider(provider)) return platform;
    return "non-Docker, non-AWS";
}
