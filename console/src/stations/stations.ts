// <console-stations>: 驿站信息 (being built).
export {};
