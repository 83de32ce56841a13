/**
 * The layers, from the inside out: config <- contract <- images <- platforms/shared <- platforms/<one platform> <-
 * the registry <- the neutral components <- the package's index <- stacks. A file may import its own layer and the
 * layers below it, never one above; a platform never imports another platform. Every import counts, type-only
 * imports and re-exports too.
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

const LAYERS: Array<[RegExp, string, number]> = [
    [/^components\/config\//, "config", 0],
    [/^components\/contract\//, "contract", 1],
    [/^components\/images\//, "images", 2],
    [/^components\/platforms\/shared\//, "platforms/shared", 3],
    [/^components\/platforms\/[^/]+\//, "platforms/<platform>", 4],
    [/^components\/platforms\/registry\.ts$/, "platforms/registry", 5],
    [/^components\/index\.ts$/, "index", 7],
    [/^components\/[^/]+\.ts$/, "components (neutral)", 6],
    [/^stacks\//, "stacks", 8],
];

function layerOf(file: string): { name: string; rank: number } {
    const found = LAYERS.find(([pattern]) => pattern.test(file));
    if (found === undefined) throw new Error(`${file} belongs to no layer; add it to LAYERS`);
    return { name: found[1], rank: found[2] };
}

function sources(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = `${dir}/${entry.name}`;
        if (entry.isDirectory()) return sources(relative);
        return entry.name.endsWith(".ts") ? [relative] : [];
    });
}

/** Relative imports (`import … from "./x"`, `export … from "../y"`, `import("./z")`) resolved to repository paths. */
export function importsOf(file: string): string[] {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|import\("(\.[^"]+)"\)/gm)].map((m) => (m[1] ?? m[2]) as string);
    return specifiers.map((specifier) => {
        const base = path.join(path.dirname(file), specifier);
        return fs.existsSync(path.join(ROOT, `${base}.ts`)) ? `${base}.ts` : `${base}/index.ts`;
    });
}

const FILES = [...sources("components"), ...sources("stacks")];

describe("the import graph follows the layers", () => {
    it("finds the files and their imports", () => {
        expect(FILES.length).toBeGreaterThan(40);
        expect(importsOf("components/redundantWebAuthor.ts")).toContain("components/platforms/registry.ts");
    });

    it.each(FILES.filter((file) => layerOf(file).rank <= 2))("%s (pure) imports no Pulumi runtime and no provider", (file) => {
        const text = fs.readFileSync(path.join(ROOT, file), "utf8");
        // `@pulumi/pulumi/errors` (RunError, Pulumi's own error type for configuration problems) is data, not runtime.
        expect([...text.matchAll(/from\s+"(@pulumi\/[^"]+)"/g)].map((m) => m[1]).filter((module) => module !== "@pulumi/pulumi/errors")).toEqual([]);
    });

    it.each(FILES.filter((file) => layerOf(file).rank <= 1))("%s (contract) holds none of the HAProxy container's Docker details", (file) => {
        // Where HAProxy runs on Docker (its image's paths, its container ports, Docker's embedded DNS) is the Docker
        // platform's (platforms/docker/haproxy.ts); the contract renders from what it is given.
        const text = fs.readFileSync(path.join(ROOT, file), "utf8");
        expect(text.match(/127\.0\.0\.11|\/usr\/local\/etc\/haproxy|HAPROXY_CONTAINER_PORTS|HAPROXY_PATHS/g)).toBeNull();
    });

    it.each(FILES.filter((file) => layerOf(file).rank === 1))("%s (contract) holds no Docker naming, placement or container port", (file) => {
        // Container and network names, Docker hosts and their addresses, published license-server ports and the ports
        // the images listen on are the Docker platform's and the images' (platforms/shared/topology.ts, images/).
        const text = fs.readFileSync(path.join(ROOT, file), "utf8");
        expect(
            text.match(
                /containerNames|loadBalancerContainerName|networkName|hostAddressOf|displayHost|dockerHost|WEB_AUTHOR_CONTAINER_PORT|LICENSE_SERVER_CONTAINER_PORT|defaultLicenseServerHostPort|licenseServerPublishAddress|DEFAULT_LICENSE_SERVER_PUBLISH_ADDRESS/g,
            ),
        ).toBeNull();
    });

    it.each(FILES)("%s imports no higher layer and no other platform", (file) => {
        const own = layerOf(file);
        const platformOf = (f: string) => /^components\/platforms\/([^/]+)\//.exec(f)?.[1];
        const problems = importsOf(file).flatMap((target) => {
            const their = layerOf(target);
            if (their.rank > own.rank) return [`${target} (${their.name}) is above ${own.name}`];
            const [mine, theirs] = [platformOf(file), platformOf(target)];
            if (own.rank === 4 && their.rank === 4 && mine !== theirs) return [`${target} is another platform's`];
            return [];
        });
        expect(problems).toEqual([]);
    });
});
