# What shiboken does to the wrappers while gc.collect() tears down a dialog left to it (docs/reliability.md,
# "A dialog's lifetime"): every ownership change (removeParent: give=1 hands the C++ object to the Python wrapper),
# every invalidation and every wrapper freed, from the first explicit gc.collect() on, then the native backtrace.
#
#   QT_QPA_PLATFORM=offscreen gdb -batch -x tests/reliability/modal_gc_trace.gdb \
#       --args .venv/bin/python -m tests.reliability.modal_gc_child --through exec --dialogs 1
set pagination off
set breakpoint pending on
break gc_collect_impl
commands
  silent
  printf "=== gc.collect()\n"
  enable 2 3 4
  continue
end
break _ZN8Shiboken6Object12removeParentEP9SbkObjectbb
commands
  silent
  printf "removeParent %p %s give=%d keep=%d\n", $rdi, ((PyObject*)$rdi)->ob_type->tp_name, $rsi & 0xff, $rdx & 0xff
  continue
end
break _ZN8Shiboken6Object10invalidateEP9SbkObject
commands
  silent
  printf "invalidate   %p %s\n", $rdi, ((PyObject*)$rdi)->ob_type->tp_name
  continue
end
break SbkDeallocWrapper
commands
  silent
  printf "dealloc      %p %s\n", $rdi, ((PyObject*)$rdi)->ob_type->tp_name
  continue
end
disable 2 3 4
run
bt 8
frame 2
print op->ob_type->tp_name
