/** The HAProxy the tests run is the branch the deployment's image pins, so what passes here is what serves users. */
import { DEFAULT_HAPROXY_IMAGE } from "../../components/config/schema";
import { HAPROXY_BIN, haproxyRelease, pinnedHaproxyBranch } from "../helpers/haproxyBinary";

describe("the HAProxy under test", () => {
    it("is the pinned image's branch", () => {
        expect(pinnedHaproxyBranch()).toBe("3.0");
        expect(haproxyRelease(HAPROXY_BIN).split(".").slice(0, 2).join(".")).toBe(pinnedHaproxyBranch(DEFAULT_HAPROXY_IMAGE));
    });

    it("refuses an image tag that pins no release", () => {
        expect(() => pinnedHaproxyBranch("haproxy:lts")).toThrow(/does not pin/);
        expect(() => pinnedHaproxyBranch("haproxy:3.0")).toThrow(/does not pin/);
    });
});
