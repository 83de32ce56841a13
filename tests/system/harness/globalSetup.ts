import { setup } from "./globalLocales";
export default setup;
