/* Progressive enhancements; every page works without this file. */
