var count = 0;
if (count == 0) {
  debugger;
}
export { count };
