import { teardown } from "./globalLocales";
export default teardown;
