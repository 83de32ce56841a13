/**
 * Jest globalSetup/globalTeardown of the system project: compiles the images' locale (en_US.UTF-8) once per run, so
 * that each container root copies it instead of running localedef (0.8 s) again. See images.ts, installLocale.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export async function setup(): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sys-locales-"));
    execFileSync("localedef", ["-i", "en_US", "-f", "UTF-8", path.join(dir, "en_US.utf8")]);
    // Workers start after this and inherit the variable.
    process.env.SYSTEM_TEST_LOCALES = dir;
}

export async function teardown(): Promise<void> {
    if (process.env.SYSTEM_TEST_LOCALES) fs.rmSync(process.env.SYSTEM_TEST_LOCALES, { recursive: true, force: true });
}
